"""Search keys: case, accents and German transliteration."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from profile_service.domain import search
from servicekit.text import word_prefixes


def test_fold_removes_case_and_accents() -> None:
    assert search.fold("Müller") == "muller"
    assert search.fold("SØREN Ærø") == "soren aero"
    assert search.fold("Łukasz Żółć") == "lukasz zolc"
    assert search.fold("François") == "francois"


def test_transliteration_is_the_german_spelling() -> None:
    assert search.transliterate("Müller") == "mueller"
    assert search.transliterate("Weiß Schröder Jäger") == "weiss schroeder jaeger"


def finds(query: str, given: str | None, family: str | None, display: str | None = None) -> bool:
    prefixes = set(search.person_name_prefixes(given, family, display))
    phrases = search.person_name_phrases(given, family, display)
    return any(search.matches(key, prefixes, phrases) for key in search.query_keys(query))


def test_both_muller_and_mueller_find_mueller_with_umlaut() -> None:
    for query in ("muller", "mueller", "Müller", "MÜL", "mu", "m", "ana mu", "muller ana"):
        assert finds(query, "Ana", "Müller"), query
    assert not finds("mulx", "Ana", "Müller")
    assert not finds("na", "Ana", "Müller")  # prefixes, not substrings


def test_several_words_must_begin_a_name_in_order() -> None:
    assert finds("anna lena m", "Anna-Lena", "Müller-Schmidt")
    assert finds("mueller schmidt an", "Anna-Lena", "Müller-Schmidt")
    assert finds("dr anna", "Anna", "Weiß", "Dr. Anna Weiß")
    assert not finds("lena muller", "Anna-Lena", "Müller-Schmidt")  # not where a name begins
    assert not finds("anna m", "Anna", "Schmidt-Mayer")
    assert not finds("ann lena", "Anna-Lena", "Müller")  # a word before the last is whole


def test_query_with_umlaut_also_finds_the_transliterated_spelling() -> None:
    assert finds("Müller", "Jan", "Mueller")


def test_decomposed_unicode_input_matches_composed() -> None:
    decomposed = "Mu\u0308ller"
    assert search.fold(decomposed) == "muller"
    assert search.transliterate(decomposed) == "mueller"


def test_prefixes_are_capped_and_queries_truncated_alike() -> None:
    name = "Wolfeschlegelsteinhausenbergerdorff"
    prefixes = set(search.person_name_prefixes("Hubert", name, None))
    assert max(len(p) for p in prefixes) == search.MAX_PREFIX
    assert max(len(p) for p in search.person_name_phrases("Hubert", name, None)) == 20
    assert finds(name, "Hubert", name)
    assert finds(f"Hubert {name}", "Hubert", name)


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


NAMES = st.one_of(st.none(), st.text(alphabet="aeäöüßø lmnr-", max_size=25))


@given(NAMES, NAMES, NAMES, st.text(alphabet="aeäöüßø lmnr", max_size=25))
def test_words_and_phrases_find_exactly_what_every_phrase_prefix_would(
    given_name: str | None, family: str | None, display: str | None, query: str
) -> None:
    """The same people as indexing every prefix of "given family", "family given", display."""
    forward = " ".join(filter(None, [given_name, family])) or None
    backward = " ".join(filter(None, [family, given_name])) or None
    every_prefix = set(word_prefixes(forward, backward, display, phrases=True))
    expected = bool(set(search.query_keys(query)) & every_prefix)
    assert finds(query, given_name, family, display) == expected
