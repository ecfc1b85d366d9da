"""Multilingual folding: the one normal form of indexed text and of queries.

Both sides of a match go through ``fold``, so a user finds a name whichever form
they type: NFKC (full-width and compatibility forms), case folding, Latin, Greek and
Cyrillic diacritics removed (``Šešelj`` = ``Seselj``, ``ё`` = ``е``), Arabic
harakat, Quranic marks and tatweel removed and letter variants unified (``مُحَمَّد`` =
``محمد``, ``أ إ آ ٱ`` = ``ا``, ``ى`` = ``ي``, ``ة`` = ``ه``), Eastern Arabic digits made
ASCII. Burmese, written without spaces between words, is split into syllables so
that a word inside a sentence is found as a phrase of syllables. Marks of other
scripts (Burmese and Indic vowel signs) are kept: they change the word.
"""

from __future__ import annotations

import re
import unicodedata

# Combining marks removed after canonical decomposition: the generic diacritics
# blocks, Cyrillic combining marks, and the Arabic vowel and Quranic marks.
_REMOVED_MARKS = (
    [(0x0300, 0x036F), (0x0483, 0x0489), (0x0610, 0x061A), (0x064B, 0x065F)]
    + [(0x0670, 0x0670), (0x06D6, 0x06DC), (0x06DF, 0x06E8), (0x06EA, 0x06ED)]
    + [(0x08D3, 0x08FF), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF)]
    + [(0xFE20, 0xFE2F)]
)
_LETTERS = {
    "\u0640": "",  # tatweel
    "\u0671": "\u0627",  # alef wasla
    "\u0649": "\u064a",  # alef maksura -> yeh
    "\u06cc": "\u064a",  # Farsi yeh
    "\u0629": "\u0647",  # teh marbuta -> heh
    "\u06a9": "\u0643",  # keheh -> kaf
    "\u200c": "",  # zero-width non-joiner
    "\u200d": "",  # zero-width joiner
    "\u00ad": "",  # soft hyphen
    "ß": "ss",
    "đ": "d",
    "ð": "d",
    "ħ": "h",
    "ı": "i",
    "ł": "l",
    "ø": "o",
    "œ": "oe",
    "æ": "ae",
    "þ": "th",
}
_TABLE: dict[int, str | None] = {
    code: None for low, high in _REMOVED_MARKS for code in range(low, high + 1)
}
_TABLE.update({ord(k): v for k, v in _LETTERS.items()})
# Arabic-Indic and Extended Arabic-Indic digits (NFKC leaves them alone).
_TABLE.update({0x0660 + d: str(d) for d in range(10)})
_TABLE.update({0x06F0 + d: str(d) for d in range(10)})

_MYANMAR = re.compile("[\u1000-\u109f]")
# Syllable breaks (after Ye Kyaw Thu's sylbreak): before a consonant that is not
# stacked (preceded by virama) and not killed (followed by asat or virama), and
# before independent vowels, digits and punctuation.
_MYANMAR_BREAK = re.compile(
    "((?<!\u1039)[\u1000-\u1021](?![\u103a\u1039])"
    "|[\u1023-\u1027\u1029\u102a\u103f\u104c-\u104f\u1040-\u1049\u104a\u104b])"
)


def fold(text: str) -> str:
    """The folded form of ``text``, for indexing and for matching."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = unicodedata.normalize("NFD", text).translate(_TABLE)
    text = unicodedata.normalize("NFC", text)
    if _MYANMAR.search(text):
        text = _MYANMAR_BREAK.sub(r" \1", text)
    return text


def _is_word_char(char: str) -> bool:
    return unicodedata.category(char)[0] in "LMN"


def words(text: str) -> list[str]:
    """The folded words of ``text``: runs of letters, marks and digits."""
    out, current = [], []
    for char in fold(text):
        if _is_word_char(char):
            current.append(char)
        elif current:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return out
