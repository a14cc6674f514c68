"""Profile value validation at the API edge."""

from __future__ import annotations

import pytest
from profile_service.api.models import ProfileInput
from pydantic import ValidationError


def test_values_are_normalised() -> None:
    profile = ProfileInput.model_validate(
        {
            "country": "de",
            "locale": "de_de",
            "languages": ["EN", "de-ch", "en"],
            "timezone": "Europe/Berlin",
            "skills": ["Python", " python ", "Go"],
            "photo_url": "https://img.example.com/a.png",
            "about": "  hi  ",
        }
    )
    assert profile.given() == {
        "country": "DE",
        "locale": "de-DE",
        "languages": ["en", "de-CH"],
        "timezone": "Europe/Berlin",
        "skills": ["Python", "Go"],
        "photo_url": "https://img.example.com/a.png",
        "about": "hi",
    }


@pytest.mark.parametrize(
    "field, value",
    [
        ("country", "XX"),
        ("country", "DEU"),
        ("locale", "german"),
        ("timezone", "Mars/Olympus"),
        ("skills", [f"s{i}" for i in range(51)]),
        ("skills", ["x" * 65]),
        ("photo_url", "http://insecure.example.com/a.png"),
        ("user_name", "not-an-email"),
        ("phone", "call me"),
        ("manager_id", "a/b"),
        ("about", "x" * 4001),
        ("given_name", "   "),
        ("unknown_field", "x"),
    ],
)
def test_invalid_values_are_refused(field: str, value: object) -> None:
    with pytest.raises(ValidationError):
        ProfileInput.model_validate({field: value})


def test_null_clears_and_is_kept_apart_from_absent() -> None:
    profile = ProfileInput.model_validate({"about": None, "phone": "+49 30 1234"})
    assert profile.sent() == {"about": None, "phone": "+49 30 1234"}
    assert profile.given() == {"phone": "+49 30 1234"}
