"""Time public pages, rendered without the page cache, on a newsroom of 200,000 articles.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench .venv/bin/python bench/pages_bench.py [COUNT]

The database named is emptied and filled (default: a temporary SQLite file). A benchmark, not a
test: it prints the figures the README quotes, the median of five renders of each page.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = (
        f"sqlite:///{tempfile.mkdtemp(prefix='pages-bench-')}/bench.sqlite3"
    )
os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
os.environ.pop("REDIS_URL", None)
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import Article, Byline, BylineRole, Contributor, Section, SourceOutlet  # noqa: E402

BATCH = 5_000
EPOCH = datetime(2020, 1, 1, tzinfo=UTC)


def fill(count):
    call_command("flush", interactive=False, verbosity=0)
    call_command("loaddata", str(ROOT / "fixtures" / "reference.json"), verbosity=0)
    rng = random.Random(7)
    sections = list(Section.objects.all())
    small = Section.objects.create(name="小栏目", slug="xiaolanmu", position=99)
    outlets = list(SourceOutlet.objects.all())
    role = BylineRole.objects.first()
    people = Contributor.objects.bulk_create(
        Contributor(name=f"记者{n}", affiliation=rng.choice(outlets)) for n in range(400)
    )
    span = (datetime(2026, 1, 1, tzinfo=UTC) - EPOCH).total_seconds()
    for start in range(0, count, BATCH):
        articles = Article.objects.bulk_create(
            Article(
                headline=f"第{n}号稿件 武汉推进整改",
                body="<p>武汉市围绕主题教育把改字贯穿始终。</p>",
                section=rng.choice(sections),
                source=rng.choice(outlets),
                status=Article.Status.PUBLISHED,
                published_at=EPOCH + timedelta(seconds=rng.random() * span),
            )
            for n in range(start, min(start + BATCH, count))
        )
        Byline.objects.bulk_create(
            Byline(article=a, contributor=rng.choice(people), role=role, position=1)
            for a in articles
        )
    # A small section: five articles, the newest years old.
    for n in range(5):
        Article.objects.create(
            headline=f"小栏目旧稿{n}",
            body="<p>旧稿。</p>",
            section=small,
            status=Article.Status.PUBLISHED,
            published_at=EPOCH + timedelta(days=n),
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return small


def timed(client, url):
    durations, queries = [], 0
    for _ in range(5):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            durations.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    return statistics.median(durations) * 1000, queries


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    small = fill(count)
    print(f"{connection.vendor}: {count} articles written in {time.perf_counter() - started:.0f} s")
    big = Section.objects.get(path="news")
    article = Article.objects.published().first()
    pages = {
        "home": "/",
        f"large section /{big.path}/": big.get_absolute_url(),
        "large section, page 100": big.get_absolute_url() + "?page=100",
        f"small section /{small.path}/": small.get_absolute_url(),
        "article": article.get_absolute_url(),
        "outlet": article.source.get_absolute_url(),
        "RSS feed": "/feeds/rss.xml",
    }
    client = Client()
    for label, url in pages.items():
        milliseconds, queries = timed(client, url)
        print(f"  {label}: {milliseconds:.0f} ms, {queries} queries")


if __name__ == "__main__":
    main()
