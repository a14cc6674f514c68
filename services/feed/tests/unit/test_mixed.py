"""Pure parts of feeds that mix items: the language an article is served in, the merge."""

from __future__ import annotations

from collab_replicas import Person
from feed_service.domain.languages import best_language
from feed_service.queries.articles import audience_of
from feed_service.queries.mixed import merge


def test_the_locale_then_its_language_then_the_default() -> None:
    versions = ["en", "de-CH", "de", "en-US"]
    assert best_language(versions, "en-us", "en") == "en-US"  # exact, any case
    assert best_language(versions, "de-AT", "en") == "de"  # its language, most general first
    assert best_language(["en", "de-CH"], "de_AT", "en") == "de-CH"
    assert best_language(versions, "fr-FR", "en") == "en"  # the article's default
    assert best_language(versions, None, "de") == "de"
    assert best_language(["fr"], "it", "en") == "fr"  # a default without a version


def _docs(*keys: str) -> list[dict[str, str]]:
    return [{"_id": key, "key": key} for key in keys]


def test_merge_keeps_every_source_complete_above_the_cursor() -> None:
    posts = ("post", _docs("9", "5"), "5")  # more posts below 5
    articles = ("article", _docs("8", "4", "3"), None)  # all articles
    items, key = merge([posts, articles], limit=10)
    # 4 and 3 are below the posts' boundary: posts between 5 and 4 are not read yet
    assert [doc["key"] for _, doc in items] == ["9", "8", "5"] and key == "5"
    items, key = merge([posts, articles], limit=2)
    assert [(kind, doc["key"]) for kind, doc in items] == [("post", "9"), ("article", "8")]
    assert key == "8"
    items, key = merge([("post", _docs("2"), None), ("poll", _docs("3", "1"), None)], limit=5)
    assert [doc["key"] for _, doc in items] == ["3", "2", "1"] and key is None


def test_an_audience_without_include_lists_is_the_whole_company_minus_exclusions() -> None:
    anna = Person("e-1", active=True, country="DE")
    whole = audience_of({"audience": {"exclude": {"countries": ["FR"]}}})
    assert whole.admits(anna, []) and not whole.admits(Person("e-2", active=True, country="FR"), [])
    assert not whole.admits(Person("e-3", active=False), [])
    by_group = audience_of({"audience": {"include": {"groups": ["g-1"]}}})
    assert by_group.admits(anna, ["g-1"]) and not by_group.admits(anna, ["g-2"])
