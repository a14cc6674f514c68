"""Trimmed free text: the schema's pattern and the validator accept the same values."""

from __future__ import annotations

import re
from typing import Annotated

import pytest
from pydantic import BaseModel, Field, ValidationError
from servicekit.http.fields import BLANK, NOT_BLANK, TRIMMED

Tag = Annotated[str, Field(min_length=1, max_length=40, pattern=NOT_BLANK), TRIMMED]


class Body(BaseModel):
    tags: list[Tag]


def test_every_python_blank_is_in_the_class() -> None:
    blanks = re.compile(f"^[{BLANK}]+$")
    for code in range(0x3001):
        assert bool(blanks.match(chr(code))) == chr(code).isspace(), hex(code)


@pytest.mark.parametrize("value", [" ", "\f", "\u3000", "\t\n", "\u2028"])
def test_blank_text_is_refused_by_the_schema_and_the_validator(value: str) -> None:
    schema = Body.model_json_schema()["properties"]["tags"]["items"]
    assert not re.search(schema["pattern"], value)
    with pytest.raises(ValidationError):
        Body(tags=[value])


def test_text_is_stored_trimmed() -> None:
    assert Body(tags=[" rust\f", "x"]).tags == ["rust", "x"]
