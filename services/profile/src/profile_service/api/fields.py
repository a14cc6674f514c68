"""Field types of the /v1 bodies: each schema admits exactly the values the service accepts.

The validators in ``domain.values`` normalise (trim, canonical case); the patterns
here state the same rules in the OpenAPI document, so a client (or schemathesis)
can tell a valid value from the schema alone. Free text is trimmed and must not be
blank; every other value is refused with surrounding blanks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from zoneinfo import available_timezones

from collab_events.ids import ID_PATTERN
from pydantic import AfterValidator, Field
from servicekit.http.fields import BLANK, NOT_BLANK

from profile_service.domain import values

# NOT_BLANK, BLANK: Python's whitespace spelled out (servicekit.http.fields).
EMAIL = f"^[^@{BLANK}]{{1,64}}@[^@{BLANK}]{{1,189}}\\.[^@{BLANK}.]{{1,63}}$"
PHONE = r"^\+?[0-9][0-9 ()./-]{1,37}[0-9()./-]$"
HTTPS_URL = f"^https://[^{BLANK}]+$"
_SUBTAG_SEP = "[-_]"
LANGUAGE_TAG = (
    rf"^[a-zA-Z]{{2,3}}({_SUBTAG_SEP}[a-zA-Z]{{3}}){{0,3}}"  # language + extlang
    rf"({_SUBTAG_SEP}[a-zA-Z]{{4}})?"  # script
    rf"({_SUBTAG_SEP}([a-zA-Z]{{2}}|[0-9]{{3}}))?"  # region
    rf"({_SUBTAG_SEP}([a-zA-Z0-9]{{5,8}}|[0-9][a-zA-Z0-9]{{3}}))*$"  # variants
)
# ISO 3166-1 alpha-2 in any letter case (stored upper-cased).
_CODES = (f"[{c[0]}{c[0].lower()}][{c[1]}{c[1].lower()}]" for c in sorted(values.COUNTRIES))
COUNTRY = "^(" + "|".join(_CODES) + ")$"


def _exactly(normalise: Callable[[str], str]) -> Callable[[str], str]:
    """A validator that refuses what ``normalise`` would have to trim."""

    def check(value: str) -> str:
        if normalise(value) != value:
            raise ValueError(f"{value!r} has surrounding blanks")
        return value

    return check


_TRIM = AfterValidator(values.text)
Text40 = Annotated[str, Field(min_length=1, max_length=40, pattern=NOT_BLANK), _TRIM]
Text64 = Annotated[str, Field(min_length=1, max_length=64, pattern=NOT_BLANK), _TRIM]
Text100 = Annotated[str, Field(min_length=1, max_length=100, pattern=NOT_BLANK), _TRIM]
Text128 = Annotated[str, Field(min_length=1, max_length=128, pattern=NOT_BLANK), _TRIM]
Text200 = Annotated[str, Field(min_length=1, max_length=200, pattern=NOT_BLANK), _TRIM]
Text4000 = Annotated[str, Field(min_length=1, max_length=4000, pattern=NOT_BLANK), _TRIM]
Email = Annotated[str, Field(max_length=254, pattern=EMAIL), AfterValidator(values.email)]
Country = Annotated[str, Field(pattern=COUNTRY), AfterValidator(values.country)]
EmployeeRef = Annotated[str, Field(pattern=ID_PATTERN), AfterValidator(values.employee_id)]
LanguageTag = Annotated[
    str, Field(max_length=35, pattern=LANGUAGE_TAG), AfterValidator(values.language_tag)
]
Languages = Annotated[list[LanguageTag], Field(max_length=20), AfterValidator(values.languages)]
TimeZone = Annotated[
    str,
    Field(max_length=64, json_schema_extra={"enum": sorted(available_timezones())}),
    AfterValidator(_exactly(values.timezone)),
]
Skill = Annotated[str, Field(min_length=1, max_length=values.MAX_SKILL_LENGTH, pattern=NOT_BLANK)]
Skills = Annotated[list[Skill], Field(max_length=values.MAX_SKILLS), AfterValidator(values.skills)]
Phone = Annotated[str, Field(max_length=40, pattern=PHONE), AfterValidator(values.phone)]
PhotoUrl = Annotated[
    str, Field(max_length=2000, pattern=HTTPS_URL), AfterValidator(values.https_url)
]
