"""Text as the word check sees it: one width, simplified characters, lower case, and nothing but
letters and digits, so 敏 感 词, 敏​感词 and 敏感詞 all read 敏感词.

Normalise to recognise, store as written: the article keeps its text; each normalised character
remembers where it came from, so a hit can be shown in the original.
"""

import re
import unicodedata
from functools import lru_cache

import opencc

# Full-width ASCII forms (！ to ～) and the ideographic space become their half-width forms; the
# mapping keeps one character for one, so positions stay valid.
_WIDE = re.compile("[\uff01-\uff5e\u3000]")
# Letters and digits (CJK included) stay; spaces, punctuation, symbols and zero-width characters go.
_DROPPED = re.compile(r"[\W_]+")


def _narrow(match):
    code = ord(match.group())
    return " " if code == 0x3000 else chr(code - 0xFEE0)


@lru_cache(maxsize=1)
def _to_simplified():
    return opencc.OpenCC("t2s")


def _same_length(original, converted, convert_char):
    if len(converted) == len(original):
        return converted
    # A conversion that changed the length (rare) is redone character by character.
    return "".join(convert_char(ch) if len(convert_char(ch)) == 1 else ch for ch in original)


def prepare(text):
    """The text with widths, case and characters unified, one character for one."""
    text = _WIDE.sub(_narrow, text)
    text = _same_length(text, text.lower(), str.lower)
    converter = _to_simplified()
    return _same_length(text, converter.convert(text), converter.convert)


def normalize(text):
    """(normalised text, position in `text` of each normalised character)."""
    prepared = prepare(text)
    positions, kept_from = [], 0
    for dropped in _DROPPED.finditer(prepared):
        positions.extend(range(kept_from, dropped.start()))
        kept_from = dropped.end()
    positions.extend(range(kept_from, len(prepared)))
    return _DROPPED.sub("", prepared), positions


def normalize_word(word):
    return _DROPPED.sub("", unicodedata.normalize("NFKC", prepare(word)))
