"""Matched words marked in what a reader sees: the headline and a snippet of the text."""

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .document import body_text

SNIPPET_BEFORE = 30
SNIPPET_LENGTH = 120


def _normalized_with_places(text):
    """The text normalised as search terms are, and for each normalised character the index of
    the character it came from, so a match is marked on the text as written."""
    normalized = unicodedata.normalize("NFKC", text).lower()
    if len(normalized) == len(text):
        # No character changed length (nearly always): places are the same, and cheap.
        return normalized, range(len(text))
    chars, places = [], []
    for index, char in enumerate(text):
        for normal in unicodedata.normalize("NFKC", char).lower():
            chars.append(normal)
            places.append(index)
    return "".join(chars), places


def _spans(text, terms):
    if not terms or not text:
        return []
    normalized, places = _normalized_with_places(text)
    pattern = re.compile("|".join(re.escape(term) for term in terms))
    return [(places[m.start()], places[m.end() - 1] + 1) for m in pattern.finditer(normalized)]


def highlight(text, terms, spans=None):
    """`text` escaped, with every occurrence of `terms` (normalised, longest first) in <mark>."""
    merged = []
    for start, end in _spans(text, terms) if spans is None else spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, last = [], 0
    for start, end in merged:
        out.append(escape(text[last:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


def snippet(article, terms):
    """A passage of the body around the first match (else the summary, else the body's start),
    matches marked."""
    for text in (body_text(article.body), article.summary):
        text = " ".join(text.split())
        spans = _spans(text, terms)
        if spans:
            start = max(0, spans[0][0] - SNIPPET_BEFORE)
            return _passage(text, start, terms)
    text = " ".join((article.summary or body_text(article.body)).split())
    return _passage(text, 0, terms)


def _passage(text, start, terms):
    end = min(len(text), start + SNIPPET_LENGTH)
    passage = text[start:end]
    marked = highlight(passage, terms)
    return mark_safe(("…" if start > 0 else "") + marked + ("…" if end < len(text) else ""))
