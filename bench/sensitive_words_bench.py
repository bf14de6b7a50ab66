"""The sensitive-word check's speed: 10,000 words against a 10,000-character article.

Compares the two Aho–Corasick bindings on the same normalised text (pyahocorasick, C;
ahocorasick-rs, Rust), then times the project's whole check (normalisation, matching, hits).
A benchmark, not a test: `.venv/bin/python bench/sensitive_words_bench.py [ROUNDS]`.
pyahocorasick is only needed here: `pip install pyahocorasick`.
"""

import random
import statistics
import sys
import time

import ahocorasick_rs

from review.matcher import Matcher
from review.normalize import normalize, normalize_word

random.seed(17)
COMMON = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
PUNCTUATION = "，。、；：“”（）！？ "


def make_words(count):
    words = set()
    while len(words) < count:
        words.add("".join(random.choices(COMMON, k=random.randint(2, 4))))
    return sorted(words)


def make_article(length, words):
    parts, size = [], 0
    while size < length:
        piece = random.choice(words) if random.random() < 0.01 else random.choice(COMMON)
        if random.random() < 0.08:
            piece += random.choice(PUNCTUATION)
        parts.append(piece)
        size += len(piece)
    return "".join(parts)[:length]


def timed(function, repeat=50):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main(rounds=5):
    words = make_words(10_000)
    article = make_article(10_000, words)
    normalized, _positions = normalize(article)
    patterns = [normalize_word(word) for word in words]

    rust = ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.Standard)
    try:
        import ahocorasick
    except ImportError:
        ahocorasick = None
    if ahocorasick is not None:
        automaton = ahocorasick.Automaton()
        for index, pattern in enumerate(patterns):
            automaton.add_word(pattern, index)
        automaton.make_automaton()
    matcher = Matcher([(p, w, "review", "", "") for p, w in zip(patterns, words, strict=True)])

    results = {"ahocorasick-rs": [], "pyahocorasick": [], "whole check": [], "normalise": []}
    for _ in range(rounds):  # interleaved, so machine load falls on all alike
        results["ahocorasick-rs"].append(
            timed(lambda: rust.find_matches_as_indexes(normalized, overlapping=True))
        )
        if ahocorasick is not None:
            results["pyahocorasick"].append(timed(lambda: list(automaton.iter(normalized))))
        results["normalise"].append(timed(lambda: normalize(article)))
        results["whole check"].append(timed(lambda: matcher.find(article)))
    hits = len(matcher.find(article))
    print(f"10,000 words, {len(article):,}-character article, {hits} hits; median ms (spread):")
    for name, samples in results.items():
        if samples:
            print(
                f"  {name:<15} {statistics.median(samples):6.2f}"
                f"  ({min(samples):.2f}–{max(samples):.2f})"
            )
    start = time.perf_counter()
    Matcher([(p, w, "review", "", "") for p, w in zip(patterns, words, strict=True)])
    print(f"  building the matcher: {(time.perf_counter() - start) * 1000:.0f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
