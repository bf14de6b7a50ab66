"""Find every listed word in a text at once (Aho–Corasick), after normalisation."""

import re
from dataclasses import dataclass

import ahocorasick_rs

from .normalize import normalize

# A hit never spans the end of a sentence or a line: 敏感 at the end of one sentence and 词 at
# the start of the next are two sentences, not the word 敏感词.
SENTENCE_END = re.compile(r"[。！？!?；;\n\r]")
LATIN = re.compile(r"[a-z0-9]", re.IGNORECASE)


@dataclass(frozen=True)
class Hit:
    word: str
    level: str
    category: str
    replacement: str
    start: int  # in the original text
    end: int
    text: str  # as written in the article


class Matcher:
    def __init__(self, words):
        """`words`: (normalised word, word, level, category, replacement) tuples."""
        self.entries = [entry for entry in words if entry[0]]
        patterns = [entry[0] for entry in self.entries]
        self.automaton = (
            ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.Standard)
            if patterns
            else None
        )

    def find(self, text):
        if self.automaton is None or not text:
            return []
        normalized, positions = normalize(text)
        hits = []
        for index, start, end in self.automaton.find_matches_as_indexes(
            normalized, overlapping=True
        ):
            first, last = positions[start], positions[end - 1] + 1
            written = text[first:last]
            if SENTENCE_END.search(written) or _inside_latin_word(text, first, last):
                continue
            _normalized, word, level, category, replacement = self.entries[index]
            hits.append(Hit(word, level, category, replacement, first, last, written))
        return hits


def _inside_latin_word(text, first, last):
    """A Latin word matches whole words only: “ass” is no hit in “class”."""
    if not LATIN.match(text[first]) and not LATIN.match(text[last - 1]):
        return False
    before = text[first - 1] if first > 0 else ""
    after = text[last] if last < len(text) else ""
    return bool(
        (LATIN.match(text[first]) and before and LATIN.match(before))
        or (LATIN.match(text[last - 1]) and after and LATIN.match(after))
    )
