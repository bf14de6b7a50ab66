"""Time the curated front pages, rendered without the page cache, on the realistic newsroom with
every block filled.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nr_frontpage_bench \\
        .venv/bin/python bench/front_pages_bench.py

It migrates the database named by DATABASE_URL (a copy of the benchmark newsroom: this script
writes to it), then fills every block of the home page with editors' entries (1 头条, 4 焦点图
with pictures, 10 要闻 of which 4 with a time window, a block of its own for every top-level
section with 3 entries and 2 places left to its fallback), opens 8 topics of 30 chosen articles each, pins 3 articles on /news/ and
curates one topic page. Pages are rendered with production's settings (`bench/production.py`:
debug off, the cached template loader). Each page is rendered once to warm up, then `--rounds`
times (default 9) with the cache emptied before each, so no teaser fragment is warm either: the
figure is the cold render's median in milliseconds, with the fastest and slowest round and this
process's CPU; the number of SQL queries (the page cache middleware's own included) and their
time come from one more round, recorded outside the timed ones. Rounds are interleaved, with the
sample article page for reference. `--explain` prints EXPLAIN ANALYZE.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def curate():
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from articles.models import Article, Section
    from frontpage import layouts
    from frontpage.models import Block, Page, SlotEntry, Topic, TopicArticle

    SlotEntry.objects.all().delete()
    Topic.objects.all().delete()
    Page.objects.exclude(kind=Page.Kind.HOME).delete()
    home = Page.objects.home().get()
    home.blocks.exclude(name__in=["头条", "焦点图", "要闻", "专题"]).delete()
    editor = get_user_model().objects.filter(is_staff=True).first()
    now = timezone.now()
    published = Article.objects.published()
    recent = list(published.filter(lead_image__isnull=False).values_list("pk", flat=True)[:400])
    picks = iter(recent)

    def place(block, count, **window):
        SlotEntry.objects.bulk_create(
            SlotEntry(block=block, article_id=next(picks), position=n, added_by=editor, **window)
            for n in range(count)
        )

    blocks = {block.name: block for block in home.blocks.all()}
    place(blocks["头条"], 1, title="今日头条", summary="导语" * 20)
    place(blocks["焦点图"], 4)
    place(blocks["要闻"], 6)
    place(blocks["要闻"], 4, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=5))
    for n, root in enumerate(Section.objects.active().roots().order_by("position", "name")):
        block = Block.objects.create(
            page=home,
            name=root.name,
            style=Block.Style.TITLES,
            size=5,
            position=10 + n,
            fallback=Block.Fallback.SECTION,
            fallback_section=root,
        )
        place(block, 3)
    news = Section.objects.get(path="news")
    pinned = Page.objects.create(kind=Page.Kind.SECTION, section=news)
    layouts.add_default_blocks(pinned)
    place(pinned.blocks.get(), 3)
    for n in range(8):
        topic = Topic.objects.create(title=f"专题{n}", slug=f"bench-topic-{n}")
        page = layouts.create_topic_page(topic)
        TopicArticle.objects.bulk_create(
            TopicArticle(topic=topic, article_id=pk) for pk in recent[n * 30 : n * 30 + 30]
        )
        if n == 0:
            for block in page.blocks.all():
                place(block, 2)
    return {
        "home, every block filled": "/",
        "section /news/ with 置顶": "/news/",
        "topic page (chosen articles, curated blocks)": "/topics/bench-topic-0/",
    }


def timed(client, urls, rounds):
    """Each page once a round, rounds interleaved (the machine's load then weighs on every page
    alike); each render with the cache emptied. The queries come from one more round, recorded
    outside the timed ones (recording them costs time production does not spend)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    durations = {label: [] for label in urls}
    cpu = {label: [] for label in urls}
    queries = {}
    for url in urls.values():
        client.get(url)
    for _ in range(rounds):
        for label, url in urls.items():
            cache.clear()
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            durations[label].append((time.perf_counter() - started) * 1000)
            cpu[label].append((time.process_time() - started_cpu) * 1000)
            assert response.status_code == 200, (url, response.status_code)
    for label, url in urls.items():
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries[label] = captured.captured_queries
    return durations, cpu, queries


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("Set DATABASE_URL to a copy of the benchmark newsroom (it is written).")
    from bench.production import (
        check_production_settings,
        collect_static,
        use_production_settings,
    )

    use_production_settings()
    import django

    django.setup()
    check_production_settings()
    collect_static()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from articles.models import Article

    call_command("migrate", verbosity=0)
    urls = curate()
    total, live = Article.objects.count(), Article.objects.published().count()
    print(f"{connection.vendor}: {total:,} articles, {live:,} live; median of {args.rounds}")
    sample = Article.objects.published().filter(headline__startswith="武汉市用改的成效").first()
    if sample:
        urls["for reference: the sample article page"] = sample.get_absolute_url()
    durations, cpu, queries = timed(Client(), urls, args.rounds)
    for label in urls:
        sql = sum(float(query["time"]) for query in queries[label]) * 1000
        print(
            f"  {label}: {statistics.median(durations[label]):.1f} ms "
            f"({min(durations[label]):.1f}–{max(durations[label]):.1f}), "
            f"{len(queries[label])} queries; this process's CPU "
            f"{statistics.median(cpu[label]):.1f} ms, SQL {sql:.0f} ms (one more round)"
        )
        if args.explain and connection.vendor == "postgresql":
            for query in queries[label]:
                if not query["sql"].lstrip("( ").upper().startswith("SELECT"):
                    continue
                print(f"    -- {query['sql'][:300]}")
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                    for (line,) in cursor.fetchall():
                        print(f"       {line}")


if __name__ == "__main__":
    main()
