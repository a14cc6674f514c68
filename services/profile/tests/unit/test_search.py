"""Search keys: case, accents and German transliteration."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from profile_service.domain import search


def test_fold_removes_case_and_accents() -> None:
    assert search.fold("Müller") == "muller"
    assert search.fold("SØREN Ærø") == "soren aero"
    assert search.fold("Łukasz Żółć") == "lukasz zolc"
    assert search.fold("François") == "francois"


def test_transliteration_is_the_german_spelling() -> None:
    assert search.transliterate("Müller") == "mueller"
    assert search.transliterate("Weiß Schröder Jäger") == "weiss schroeder jaeger"


def test_both_muller_and_mueller_find_mueller_with_umlaut() -> None:
    prefixes = set(search.person_name_prefixes("Ana", "Müller", None))
    for query in ("muller", "mueller", "Müller", "MÜL", "mu", "m", "ana mu", "muller ana"):
        assert set(search.query_keys(query)) & prefixes, query
    assert not set(search.query_keys("mulx")) & prefixes
    assert not set(search.query_keys("na")) & prefixes  # prefixes, not substrings


def test_query_with_umlaut_also_finds_the_transliterated_spelling() -> None:
    prefixes = set(search.person_name_prefixes("Jan", "Mueller", None))
    assert set(search.query_keys("Müller")) & prefixes


def test_decomposed_unicode_input_matches_composed() -> None:
    decomposed = "Mu\u0308ller"
    assert search.fold(decomposed) == "muller"
    assert search.transliterate(decomposed) == "mueller"


def test_prefixes_are_capped_and_queries_truncated_alike() -> None:
    name = "Wolfeschlegelsteinhausenbergerdorff"
    prefixes = set(search.person_name_prefixes("Hubert", name, None))
    assert max(len(p) for p in prefixes) == search.MAX_PREFIX
    assert set(search.query_keys(name)) & prefixes


def test_sort_key_orders_by_family_then_given_name_then_id() -> None:
    keys = [
        search.sort_key("Zoë", "Álvarez", None, "3"),
        search.sort_key("Ana", "Müller", None, "2"),
        search.sort_key("Ana", "Muller", None, "1"),
        search.sort_key("Anabel", "Muller", None, "0"),
    ]
    assert sorted(keys) == [keys[0], keys[2], keys[1], keys[3]]


@given(st.text(max_size=60))
def test_query_keys_never_exceed_the_indexed_length(text: str) -> None:
    for key in search.query_keys(text):
        assert 0 < len(key) <= search.MAX_PREFIX
        assert key == key.strip()
