"""jieba against rjieba (jieba-rs): do they segment the corpus the same, and how fast?

    PYTHONPATH=. .venv/bin/python bench/segmentation_bench.py [--bodies 300] [--rounds 5]

Both segment, in search mode, bodies built by `bench/fill_text.py` from real sentences plus the
captured sample article; the figure is the median of interleaved rounds. Needs both packages
(`pip install jieba`: only rjieba is a dependency of the project).
"""

import argparse
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")


def texts(count):
    import django

    django.setup()
    from bench.fill_text import SAMPLE, Corpus

    corpus = Corpus(random.Random(11))
    bodies = [re.sub(r"<[^>]+>", "", corpus.body()) for _ in range(count)]
    return [SAMPLE.read_text(encoding="utf-8"), *bodies]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bodies", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    import jieba
    import rjieba

    jieba.setLogLevel(60)
    jieba.initialize()
    rjieba.cut("预热")
    docs = texts(args.bodies)
    chars = sum(map(len, docs))
    same = sum(list(jieba.cut_for_search(d)) == rjieba.cut_for_search(d) for d in docs)
    same_default = sum(list(jieba.cut(d)) == rjieba.cut(d) for d in docs)
    differing = Counter_diff(docs, jieba, rjieba)
    print(f"{len(docs)} texts, {chars:,} characters")
    print(
        f"identical search-mode segmentation: {same}/{len(docs)}; default mode: {same_default}/{len(docs)}"
    )
    print(f"tokens that differ (jieba only / rjieba only): {differing}")
    timings = {"jieba": [], "rjieba": []}
    for _ in range(args.rounds):
        for name, cut in (
            ("jieba", lambda d: list(jieba.cut_for_search(d))),
            ("rjieba", rjieba.cut_for_search),
        ):
            start = time.perf_counter()
            for d in docs:
                cut(d)
            timings[name].append(time.perf_counter() - start)
    for name, rounds in timings.items():
        median = statistics.median(rounds)
        print(
            f"{name:7s} median {median * 1000:8.1f} ms for all texts "
            f"({chars / median / 1e6:.2f} M chars/s; rounds {min(rounds) * 1000:.0f}–{max(rounds) * 1000:.0f} ms)"
        )


def Counter_diff(docs, jieba, rjieba):
    from collections import Counter

    a, b = Counter(), Counter()
    for d in docs:
        a.update(jieba.cut_for_search(d))
        b.update(rjieba.cut_for_search(d))
    return sum((a - b).values()), sum((b - a).values())


if __name__ == "__main__":
    main()
