"""German and English: gettext catalogs (``locales/<lang>/LC_MESSAGES/messages.po``), Babel formats.

The ``.po`` files are the source in git; they are compiled in memory when the gateway
starts (``catalogs()``), so no ``.mo`` file has to be built or committed.
"""

from __future__ import annotations

import io
from contextvars import ContextVar
from datetime import datetime
from functools import cache
from pathlib import Path

from babel import Locale, dates, numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LOCALES = ("en", "de")
DEFAULT_LOCALE = "en"
LOCALE_DIR = Path(__file__).parent / "locales"

_current: ContextVar[str] = ContextVar("locale", default=DEFAULT_LOCALE)


@cache
def catalogs() -> dict[str, NullTranslations]:
    """Every locale's translations, compiled from its ``.po`` (English is the source text)."""
    compiled: dict[str, NullTranslations] = {DEFAULT_LOCALE: NullTranslations()}
    for locale in LOCALES:
        po = LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"
        if locale == DEFAULT_LOCALE or not po.exists():
            continue
        with po.open("rb") as source:
            catalog = read_po(source, locale=locale)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        compiled[locale] = Translations(buffer)
    return compiled


def use_locale(locale: str) -> None:
    """Make ``locale`` the current one for this request."""
    _current.set(locale if locale in LOCALES else DEFAULT_LOCALE)


def current_locale() -> str:
    """The current request's locale."""
    return _current.get()


def negotiate(accept_language: str | None) -> str:
    """The best supported locale for an ``Accept-Language`` header."""
    wanted = [part.split(";")[0].strip() for part in (accept_language or "").split(",")]
    best = Locale.negotiate([w.replace("-", "_") for w in wanted if w], list(LOCALES))
    return str(best) if best is not None else DEFAULT_LOCALE


def gettext(message: str) -> str:
    """``message`` in the current locale."""
    return str(catalogs()[current_locale()].gettext(message))


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural of a message for ``n`` in the current locale."""
    return str(catalogs()[current_locale()].ngettext(singular, plural, n))


def format_datetime(value: str | datetime | None, style: str = "medium") -> str:
    """A timestamp (ISO 8601 string or datetime) in the current locale."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return dates.format_datetime(moment, format=style, locale=current_locale())


def format_number(value: int | float) -> str:
    """A number with the current locale's separators."""
    return numbers.format_decimal(value, locale=current_locale())
