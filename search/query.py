"""What a reader or an editor typed, read as a search: its words, or why it cannot be one."""

import re
from dataclasses import dataclass, field

from .segment import HAN, normalize, query_words

MAX_LENGTH = 100
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Query:
    text: str
    words: list = field(default_factory=list)  # [(word, [subwords])], all to be found
    short: str = ""  # one or two Han characters, which segmenters treat poorly
    problem: str = ""  # "empty", "too_long" or "no_words"; empty when it can be searched

    def __bool__(self):
        return not self.problem

    def terms(self):
        """The terms a match shows, longest first (for highlighting): the words, and the
        words inside them but not single letters or digits (`g` of `5g`)."""
        found = {self.short} if self.short else set()
        for word, inside in self.words:
            found.add(word)
            found.update(term for term in inside if len(term) > 1)
        return sorted(filter(None, found), key=len, reverse=True)


def parse(raw):
    text = CONTROL.sub(" ", raw or "").strip()
    if not text:
        return Query(text, problem="empty")
    if len(text) > MAX_LENGTH:
        return Query(text[:MAX_LENGTH], problem="too_long")
    compact = "".join(normalize(text).split())
    if 1 <= len(compact) <= 2 and all(HAN.match(ch) for ch in compact):
        return Query(text, short=compact)
    words = query_words(text)
    if not words:
        return Query(text, problem="no_words")
    return Query(text, words=words)
