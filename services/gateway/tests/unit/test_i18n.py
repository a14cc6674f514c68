"""Catalogs compile from the .po at start; locale negotiation; Babel formats."""

from __future__ import annotations

from datetime import UTC, datetime

from gateway_service import i18n


def test_german_catalog_translates_and_english_is_the_source() -> None:
    i18n.use_locale("de")
    assert i18n.gettext("Home") == "Startseite"
    assert i18n.ngettext("%(num)s comment", "%(num)s comments", 2) % {"num": 2} == "2 Kommentare"
    i18n.use_locale("en")
    assert i18n.gettext("Home") == "Home"
    i18n.use_locale("fr")  # unsupported: English
    assert i18n.current_locale() == "en"


def test_accept_language_picks_a_supported_locale() -> None:
    assert i18n.negotiate("de-DE,de;q=0.9,en;q=0.8") == "de"
    assert i18n.negotiate("fr-FR, en;q=0.5") == "en"
    assert i18n.negotiate(None) == "en"


def test_dates_and_numbers_follow_the_locale() -> None:
    moment = datetime(2026, 3, 5, 14, 30, tzinfo=UTC)
    i18n.use_locale("de")
    assert i18n.format_number(12345.5) == "12.345,5"
    assert "05.03.2026" in i18n.format_datetime(moment.isoformat())
    i18n.use_locale("en")
    assert i18n.format_number(12345.5) == "12,345.5"
    assert "Mar 5, 2026" in i18n.format_datetime(moment)
