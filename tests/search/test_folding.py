"""The folded form that documents and queries share."""

import pytest

from search.folding import fold, words
from search.params import parse_clauses


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("مُحَمَّد", "محمد"),
        ("مـحـمـد", "محمد"),
        ("أحمد", "احمد"),
        ("إبراهيم", "ابراهيم"),
        ("مدرسة", "مدرسه"),
        ("مستشفى", "مستشفي"),
        ("Šešelj", "seselj"),
        ("ŠEŠELJ", "seselj"),
        ("Ёлка", "елка"),
        ("Straße", "strasse"),
        ("Łódź", "lodz"),
        ("ＡＢＣ１２", "abc12"),
        ("٢٠٢٤", "2024"),
    ],
)
def test_fold(typed, stored):
    assert fold(typed) == stored


def test_burmese_is_split_into_syllables_keeping_vowel_signs():
    assert words("မြန်မာနိုင်ငံ") == ["မြန်", "မာ", "နိုင်", "ငံ"]
    assert words("အောင်ဆန်းစုကြည်") == ["အောင်", "ဆန်း", "စု", "ကြည်"]


def test_query_clauses_phrases_and_prefixes():
    clauses = parse_clauses('"Mass  Grave" kill* Šešelj-Vučić မြန်မာ')
    assert [(c.words, c.prefix) for c in clauses] == [
        (("mass", "grave"), False),
        (("kill",), True),
        (("seselj", "vucic"), False),
        (("မြန်", "မာ"), False),
    ]
