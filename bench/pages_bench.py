"""Time every kind of public page, rendered without the page cache, on the realistic newsroom.

Pages are rendered as production renders them (`bench/production.py`): debug off, so no query
is recorded and templates come from the cached loader, and the page cache taken out of the
middleware stack so that every round renders the page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/pages_bench.py
    .venv/bin/python bench/pages_bench.py --fill 200000          # a temporary SQLite file

The database is filled by `bench/fill.py` when it holds no articles (or when `--fill N` asks
for a fresh newsroom of N articles; default 200,000). Each page is rendered once to warm up,
then `--rounds` times (default 7); the figure is the median in milliseconds, with the fastest
and slowest round, then the median CPU time of this process (Python's share, less sensitive to
a busy machine than the wall clock); the number of SQL queries and their time come from one
more round with the queries recorded, outside the timed rounds. A benchmark,
not a test. `--explain` prints PostgreSQL's EXPLAIN ANALYZE of every query of every page.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fill", type=int, metavar="N", help="empty the database and fill N")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--only", help="time only pages whose label contains this text")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE each query")
    return parser.parse_args()


def pages():
    """The pages to time, by label: each kind of public page, at its heaviest realistic case."""
    from django.db.models import Count

    from articles.models import Article, Byline, Section, SourceOutlet

    published = Article.objects.published()
    Tag = Article.tags.through.tag_model()
    busiest_root = Section.objects.roots().annotate(n=Count("articles")).order_by("-n").first()
    news = Section.objects.get(path="news")
    small = (
        Section.objects.active()
        .annotate(n=Count("articles"))
        .filter(n__gte=3, children__isnull=True)
        .order_by("n", "pk")
        .first()
    )
    sample = published.filter(headline__startswith="武汉市用改的成效").first()
    # A recent article of the busiest desk with the most used tag: the most related candidates.
    top_tag = Tag.objects.annotate(n=Count(Article.tags.through.tag_relname())).order_by("-n")[0]
    recent = published.filter(section__path="news/hubei/wuhan", tags=top_tag).first()
    middle_tag = Tag.objects.annotate(n=Count(Article.tags.through.tag_relname())).order_by("-n")[
        200
    ]
    prolific = (
        Byline.objects.values("contributor")
        .annotate(n=Count("pk"))
        .order_by("-n")[0]["contributor"]
    )
    biggest_outlet = SourceOutlet.objects.annotate(n=Count("articles")).order_by("-n")[0]
    result = {
        "home": "/",
        f"section /{news.path}/ page 1": news.get_absolute_url(),
        f"section /{news.path}/ page 1,000": news.get_absolute_url() + "?page=1000",
        f"section /{busiest_root.path}/ page 1": busiest_root.get_absolute_url(),
        f"small section /{small.path}/": small.get_absolute_url(),
        "article (the sample)": sample.get_absolute_url(),
        "article (recent, busiest desk, top tag)": recent.get_absolute_url(),
        f"tag {top_tag.name} (most used)": f"/tags/{top_tag.slug}/",
        f"tag {middle_tag.name} (200th)": f"/tags/{middle_tag.slug}/",
        "contributor (most credited)": f"/contributors/{prolific}/",
        f"outlet {biggest_outlet.name}": biggest_outlet.get_absolute_url(),
        "RSS feed": "/feeds/rss.xml",
        f"section Atom feed /{news.path}/": f"/feeds/{news.path}/atom.xml",
        "sitemap index": "/sitemap.xml",
        "articles sitemap, page 1": "/sitemap-articles.xml?p=1",
        "Google News sitemap": "/news-sitemap.xml",
    }
    return result


def timed(client, url, rounds):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    durations, cpu = [], []
    client.get(url)
    for _ in range(rounds):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        durations.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return durations, cpu, captured.captured_queries


def explain(queries):
    from django.db import connection

    for query in queries:
        print(f"    -- {query['sql'][:300]}")
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            for (line,) in cursor.fetchall():
                print(f"       {line}")


def main():
    args = parse_args()
    if not os.environ.get("DATABASE_URL"):
        folder = tempfile.mkdtemp(prefix="pages-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        args.fill = args.fill or 200_000
    from bench.production import (
        check_production_settings,
        collect_static,
        use_production_settings,
        without_page_cache,
    )

    use_production_settings()
    import django

    django.setup()
    without_page_cache()
    check_production_settings()
    collect_static()
    from django.db import connection
    from django.test import Client

    from articles.models import Article
    from bench.fill import fill

    if args.fill:
        started = time.perf_counter()
        fill(args.fill, flush=True)
        print(f"filled with {args.fill:,} articles in {time.perf_counter() - started:.0f} s")
    elif not Article.objects.exists():
        fill(200_000)
    total = Article.objects.count()
    live = Article.objects.published().count()
    print(
        f"{connection.vendor}: {total:,} articles, {live:,} live; median of {args.rounds} renders"
    )
    client = Client()
    for label, url in pages().items():
        if args.only and args.only not in label:
            continue
        durations, cpu, queries = timed(client, url, args.rounds)
        sql = sum(float(query["time"]) for query in queries) * 1000
        print(
            f"  {label}: {statistics.median(durations):.1f} ms "
            f"({min(durations):.1f}–{max(durations):.1f}), {len(queries)} queries; "
            f"this process's CPU {statistics.median(cpu):.1f} ms, SQL {sql:.0f} ms (one more round)"
        )
        if args.explain and connection.vendor == "postgresql":
            explain(queries)


if __name__ == "__main__":
    main()
