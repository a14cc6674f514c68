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


def test_every_message_of_the_ui_has_a_german_translation() -> None:
    """Extract like ``pybabel extract -F babel.cfg`` and look each message up in the catalog."""
    from pathlib import Path

    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    root = Path(__file__).resolve().parents[2]
    with (root / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2)}
    german = i18n.catalogs()["de"]
    missing, seen = [], 0
    for _file, _line, message, _comments, _context in extract_from_dir(
        root / "src", method_map, options_map, keywords=keywords
    ):
        singular = message[0] if isinstance(message, tuple) else message
        seen += 1
        if german.gettext(singular) == singular and singular not in SAME_IN_GERMAN:
            missing.append(singular)
    assert seen > 150  # the extraction found the UI's messages
    assert not missing, f"untranslated: {missing}"


SAME_IN_GERMAN = {"Collab Hub", "Problem", "Name", "Filter", "News", "Person", "Admin"}
