"""One text folding for every service's search: spellings people actually type."""

from __future__ import annotations

import pytest
from servicekit.text import facet_key, fold, query_keys, query_words, word_prefixes


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("soren", "Søren Kierkegaard"),
        ("søren", "Soren Lund"),
        ("lukasz", "Łukasz Nowak"),
        ("muller", "Anna Müller"),
        ("mueller", "Anna Müller"),
        ("Müller", "Anna Mueller"),
        ("strasse", "Straße"),
        ("weiss", "Weiß"),
        ("zoe", "Zoë"),
        ("aesa", "Æsa"),
    ],
)
def test_every_query_word_is_an_indexed_prefix(query: str, name: str) -> None:
    terms = set(word_prefixes(name))
    assert all(word in terms for word in query_words(query)), (query, name)
    assert any(key in terms for key in query_keys(query))


def test_phrases_and_bounds() -> None:
    assert "ana mu" in word_prefixes("Ana Müller", phrases=True)
    assert "ana mu" not in word_prefixes("Ana Müller")
    assert max(len(t) for t in word_prefixes("x" * 50)) == 20
    assert query_words("  GRUPPE  plat! ") == ["gruppe", "plat"]
    assert query_words("!!!") == [] and query_keys("   ") == []


def test_fold_and_facets() -> None:
    assert fold("Müller Straße") == "muller strasse"
    assert fold("Søren's guild") == "soren's guild"
    assert facet_key("  Research &  Development ") == "research & development"
