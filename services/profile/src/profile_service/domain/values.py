"""Normalisers and validators of profile values: pure functions raising ValueError."""

from __future__ import annotations

import re
from functools import cache
from zoneinfo import available_timezones

from collab_events.ids import is_id

# ISO 3166-1 alpha-2: the 249 officially assigned codes.
COUNTRIES = frozenset(
    """
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM
DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS
GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ
MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI
VN VU WF WS YE YT ZA ZM ZW
""".split()  # noqa: SIM905 (a table reads better than 249 quoted codes)
)

# BCP 47 well-formedness (RFC 5646 langtag without extensions/private use beyond variants).
_LANGTAG = re.compile(
    r"^[a-z]{2,3}(-[a-z]{3}){0,3}"  # language + extlang
    r"(-[a-z]{4})?"  # script
    r"(-([a-z]{2}|[0-9]{3}))?"  # region
    r"(-([a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*$",  # variants
    re.IGNORECASE,
)
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,189}\.[^@\s.]{1,63}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]{2,38}$")
MAX_SKILLS, MAX_SKILL_LENGTH = 50, 64


def country(value: str) -> str:
    """An ISO 3166-1 alpha-2 code, upper-cased."""
    code = value.strip().upper()
    if code not in COUNTRIES:
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code")
    return code


def language_tag(value: str) -> str:
    """A well-formed BCP 47 tag in canonical case (``de-DE``, ``zh-Hant-TW``)."""
    tag = value.strip().replace("_", "-")
    if not _LANGTAG.match(tag):
        raise ValueError(f"{value!r} is not a BCP 47 language tag")
    parts = tag.split("-")
    return "-".join([parts[0].lower(), *(_canonical_subtag(p) for p in parts[1:])])


def _canonical_subtag(part: str) -> str:
    if len(part) == 2:
        return part.upper()
    if len(part) == 4 and part.isalpha():
        return part.title()
    return part.lower()


def timezone(value: str) -> str:
    """An IANA time zone name such as ``Europe/Berlin``."""
    name = value.strip()
    if name not in _zones():
        raise ValueError(f"{value!r} is not an IANA time zone")
    return name


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def email(value: str) -> str:
    """A plausible e-mail address (the mailbox is not checked)."""
    address = value.strip()
    if not _EMAIL.match(address):
        raise ValueError(f"{value!r} is not an e-mail address")
    return address


def phone(value: str) -> str:
    """A phone number: digits, spaces and ``+()./-``."""
    number = value.strip()
    if not _PHONE.match(number):
        raise ValueError(f"{value!r} is not a phone number")
    return number


def https_url(value: str) -> str:
    """An absolute https URL (photos are fetched by browsers, never plain http)."""
    url = value.strip()
    if not url.startswith("https://") or len(url) <= len("https://") or " " in url:
        raise ValueError("must be an absolute https:// URL")
    return url


def employee_id(value: str) -> str:
    """An employee id (``collab_events.ids.ID_PATTERN``)."""
    if not is_id(value):
        raise ValueError(f"{value!r} is not an employee id")
    return value


def skills(values: list[str]) -> list[str]:
    """Trimmed, de-duplicated (case-insensitively, first spelling wins), at most 50."""
    seen: dict[str, str] = {}
    for raw in values:
        skill = " ".join(raw.split())
        if not skill or len(skill) > MAX_SKILL_LENGTH:
            raise ValueError(f"a skill must have 1-{MAX_SKILL_LENGTH} characters")
        seen.setdefault(skill.casefold(), skill)
    if len(seen) > MAX_SKILLS:
        raise ValueError(f"at most {MAX_SKILLS} skills")
    return list(seen.values())


def languages(values: list[str]) -> list[str]:
    """BCP 47 tags, de-duplicated, order kept."""
    return list(dict.fromkeys(language_tag(v) for v in values))


def text(value: str) -> str:
    """Free text with surrounding whitespace removed; empty is refused (clear with null)."""
    stripped = value.strip()
    if not stripped:
        raise ValueError("must not be blank (send null to clear)")
    return stripped
