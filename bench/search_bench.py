"""Search latency on the benchmark newsroom: the readers' /search/ page, end to end.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/search_bench.py
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/search_bench.py

The database is filled by `bench/fill.py` and indexed (`--search-index`, or `manage.py
rebuild_search_index`). Queries are drawn (seeded) from the corpus itself: words of published
articles' headlines and bodies as the segmenter cuts them (three or more characters, or Latin and
numbers), two-word phrases (two neighbouring words, written together as readers type them), two-
and one-character Han queries, and queries that match nothing. Each query is asked once to warm up,
then timed `--rounds` times through Django's test client (query, count, ranking, the page of 20,
highlighting and rendering; no page cache is involved: the page is never cached); the figure per
query is its median, and the report gives p50 and p95 over the queries of each kind.
`--explain QUERY` prints PostgreSQL's EXPLAIN ANALYZE of that query's SQL.

Beside wall time, CPU time: this process's (Django: parsing, the ORM, highlighting, rendering) and,
on PostgreSQL running on this machine, the database backend's (read from /proc), so figures taken
on a loaded machine can be compared.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

KINDS = {"word": 70, "phrase": 50, "two chars": 40, "one char": 30, "no result": 20}
NO_RESULT = ["量子纠缠蝴蝶", "zyxwvutsrq", "火星殖民地拍卖会", "xylophonequartz", "深海章鱼合唱团"]


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()


def draw_queries(rng, sample_size=400):
    from articles.models import Article
    from search.document import body_text
    from search.segment import HAN, document_terms, is_han

    published = Article.objects.published()
    top = published.order_by("-pk").values_list("pk", flat=True).first()
    ids = sorted({rng.randint(1, top) for _ in range(sample_size * 2)})
    rows = list(published.filter(pk__in=ids).values_list("headline", "body")[:sample_size])
    words, phrases, twos, ones = [], [], [], []
    for headline, body in rows:
        text = f"{headline}\n{body_text(body)[:600]}"
        terms = document_terms(text)
        words += [t for t in terms if (len(t) >= 3 and is_han(t)) or (len(t) >= 2 and t.isascii())]
        twos += [t for t in terms if len(t) == 2 and is_han(t)]
        ones += [ch for ch in headline if HAN.match(ch)]
        han = [t for t in terms if is_han(t) and len(t) >= 2]
        phrases += [a + b for a, b in zip(han, han[1:], strict=False) if len(a + b) <= 8]
    pick = lambda pool, n: rng.sample(sorted(set(pool)), min(n, len(set(pool))))  # noqa: E731
    return {
        "word": pick(words, KINDS["word"]),
        "phrase": pick(phrases, KINDS["phrase"]),
        "two chars": pick(twos, KINDS["two chars"]),
        "one char": pick(ones, KINDS["one char"]),
        "no result": [rng.choice(NO_RESULT) + str(n) for n in range(KINDS["no result"])],
    }


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--sort", choices=["relevance", "time"], default="relevance")
    parser.add_argument("--explain", metavar="QUERY")
    args = parser.parse_args()
    setup()
    from django.db import connection
    from django.test import Client

    from articles.models import Article
    from bench.production import backend_cpu

    if args.explain:
        explain(args.explain)
        return
    client = Client()
    queries = draw_queries(random.Random(args.seed))
    total = sum(map(len, queries.values()))
    print(
        f"{connection.vendor}: {Article.objects.count():,} articles, "
        f"{total} queries, sort={args.sort}, median of {args.rounds} rounds each"
    )
    timings = {kind: [] for kind in queries}
    cpu = {kind: [] for kind in queries}
    found = {kind: [] for kind in queries}
    slowest = []
    for text in (text for texts in queries.values() for text in texts):
        client.get("/search/", {"q": text, "sort": args.sort})
    for kind, texts in queries.items():
        for text in texts:
            rounds, cpu_rounds = [], []
            for _ in range(args.rounds):
                db_before, cpu_before = backend_cpu(), time.process_time()
                started = time.perf_counter()
                response = client.get("/search/", {"q": text, "sort": args.sort})
                rounds.append((time.perf_counter() - started) * 1000)
                cpu_rounds.append(
                    (time.process_time() - cpu_before + backend_cpu() - db_before) * 1000
                )
            assert response.status_code == 200, text
            found[kind].append(Article.objects.published().search(text).count())
            median = statistics.median(rounds)
            timings[kind].append(median)
            cpu[kind].append(statistics.median(cpu_rounds))
            slowest.append((median, kind, text))
    print(
        f"{'kind':10s} {'queries':>7s} {'p50 ms':>8s} {'p95 ms':>8s} {'max ms':>8s}"
        f" {'CPU p50':>8s} {'CPU p95':>8s}  results (median, max)"
    )
    for kind, values in timings.items():
        print(
            f"{kind:10s} {len(values):7d} {percentile(values, 0.5):8.1f} {percentile(values, 0.95):8.1f}"
            f" {max(values):8.1f} {percentile(cpu[kind], 0.5):8.1f} {percentile(cpu[kind], 0.95):8.1f}"
            f"  {statistics.median(found[kind]):.0f}, {max(found[kind])}"
        )
    multi = [v for kind, values in timings.items() if kind != "one char" for v in values]
    multi_cpu = [v for kind, values in cpu.items() if kind != "one char" for v in values]
    print(
        f"{'multi-char':10s} {len(multi):7d} {percentile(multi, 0.5):8.1f} {percentile(multi, 0.95):8.1f}"
        f" {'':8s} {percentile(multi_cpu, 0.5):8.1f} {percentile(multi_cpu, 0.95):8.1f}"
    )
    print("CPU: this process and the database backend (ms; PostgreSQL on this machine only)")
    print("slowest:", ", ".join(f"{t} ({k}) {m:.0f} ms" for m, k, t in sorted(slowest)[-5:]))


def explain(text):
    from django.db import connection

    from articles.models import Article
    from search.backends import for_database
    from search.engine import CANDIDATES
    from search.query import parse

    query = parse(text)
    found = Article.objects.published().search(query).select_related("section", "source")
    for label, sql, params in (
        ("candidates", *for_database(connection.alias).newest_matching_ids(query, CANDIDATES)),
        ("count", *found.values("pk").order_by().query.sql_with_params()),
        ("page", *found[:20].query.sql_with_params()),
    ):
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            print(f"-- {label}")
            print("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
