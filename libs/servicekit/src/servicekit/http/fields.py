"""Text field types whose OpenAPI schema admits exactly the values the service accepts.

Free text is trimmed and must not be blank. A plain ``min_length=1`` with trimming
would document ``" "`` as valid and then refuse it; ``NOT_BLANK`` states the rule in
the schema, so a client (or schemathesis) can tell a valid value from the schema alone.
"""

from __future__ import annotations

from pydantic import AfterValidator


def _ranges(codes: list[int]) -> str:
    """A regex character-class body matching exactly ``codes``, as ``\\uXXXX`` ranges."""
    spans: list[list[int]] = []
    for code in codes:
        if spans and spans[-1][1] == code - 1:
            spans[-1][1] = code
        else:
            spans.append([code, code])
    return "".join(f"\\u{a:04x}" + (f"-\\u{b:04x}" if b > a else "") for a, b in spans)


# Python's whitespace (str.strip / split / re \s), spelled out: JSON Schema, pydantic's
# regex engine and schemathesis each read \s differently.
BLANK = _ranges([c for c in range(0x3001) if chr(c).isspace()])
NOT_BLANK = f"[^{BLANK}]"  # unanchored: at least one character that is not blank


def trimmed(value: str) -> str:
    """Free text with surrounding whitespace removed; blank is refused."""
    stripped = value.strip()
    if not stripped:
        raise ValueError("must not be blank")
    return stripped


TRIMMED = AfterValidator(trimmed)
"""Use as ``Annotated[str, Field(min_length=1, max_length=n, pattern=NOT_BLANK), TRIMMED]``."""
