"""Time the article admin on the realistic newsroom: change lists, the change form, a save.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/admin_bench.py

Runs on a database filled by `bench/fill.py` (see README "Benchmark data"); it adds a superuser
`bench-admin` if missing and saves one article (its headline is set back and forth), so run it
on a copy. Each page is loaded once to warm up, then `--rounds` times (default 7): the median in
milliseconds, with the fastest and slowest round and the number of SQL queries. A benchmark, not
a test.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--only", help="time only pages whose label contains this text")
    return parser.parse_args()


def pages():
    from django.db.models import Count

    from articles.admin.article import FEW_VISIBLE
    from articles.models import Article, Section

    by_size = Section.objects.annotate(n=Count("articles")).order_by("-n")
    busiest = by_size.first()
    # A section small enough that the search reads each of its articles' documents.
    narrow = by_size.filter(n__lte=FEW_VISIBLE).first()
    article = Article.objects.published().filter(bylines__isnull=False).first()
    changelist = "/admin/articles/article/"
    return article, {
        "change list, first page": changelist,
        f"change list, live in {busiest.path}": f"{changelist}?state=live&section__id__exact={busiest.pk}",
        "change list, page 500": f"{changelist}?p=500",
        "change list, search 营商环境": f"{changelist}?q=营商环境",
        # In 89% of the benchmark's articles; in a few hundred; in none.
        "change list, search 武汉": f"{changelist}?q=武汉",
        "change list, search 胡弦 (rare)": f"{changelist}?q=胡弦",
        "change list, search 疫苗 (no match)": f"{changelist}?q=疫苗",
        f"change list, search 武汉 in {narrow.path} ({narrow.n} articles)": (
            f"{changelist}?section__id__exact={narrow.pk}&q=武汉"
        ),
        "change form": f"{changelist}{article.pk}/change/",
    }


def most_credited(group):
    """The account of `group` whose contributor has the most bylines: the longest own list."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    users = get_user_model().objects.filter(groups__name=group, is_active=True)
    return users.annotate(n=Count("contributor__bylines")).order_by("-n", "pk").first()


def timed(run, rounds, prepare=lambda: None):
    """Wall and CPU durations of `run(prepare())`, `prepare` itself not timed. CPU is this
    process's and the PostgreSQL backend's (on this machine): under a shared machine's load,
    the wall time mostly measures the wait for a core."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.production import backend_cpu

    durations, cpu = [], []
    run(prepare())
    for _ in range(rounds):
        given = prepare()
        with CaptureQueriesContext(connection) as captured:
            db_before, cpu_before = backend_cpu(), time.process_time()
            started = time.perf_counter()
            run(given)
            durations.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_before + backend_cpu() - db_before) * 1000)
    return durations, cpu, len(captured.captured_queries)


def report(label, durations, cpu, queries):
    print(
        f"  {label}: {statistics.median(durations):.1f} ms "
        f"({min(durations):.1f}–{max(durations):.1f}), CPU {statistics.median(cpu):.1f} ms,"
        f" {queries} queries"
    )


def main():
    args = parse_args()
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("Set DATABASE_URL to a copy of the benchmark database.")
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
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from articles import roles
    from articles.models import Article
    from tests.factories import change_form_data

    User = get_user_model()
    admin = User.objects.filter(username="bench-admin").first()
    if admin is None:
        admin = User.objects.create_superuser("bench-admin", "bench@example.com", None)
    client = Client()
    client.force_login(admin)
    article, urls = pages()
    load = ", ".join(f"{n:.2f}" for n in os.getloadavg())
    print(
        f"{connection.vendor}: {Article.objects.count():,} articles; median of {args.rounds};"
        f" load average {load}"
    )
    reporter = Client()
    reporter.force_login(most_credited(roles.REPORTER))
    as_reporter = {
        "as a reporter: change list (their own articles)": "/admin/articles/article/",
        "as a reporter: the admin index (their desk)": "/admin/",
    }
    for label, url in [*urls.items(), *as_reporter.items()]:
        if args.only and args.only not in label:
            continue
        browser = reporter if label in as_reporter else client

        def load(_given, url=url, browser=browser):
            response = browser.get(url)
            assert response.status_code == 200, (url, response.status_code)

        report(label, *timed(load, args.rounds))
    if args.only and args.only not in "save":
        return
    change = urls["change form"]
    headlines = [article.headline, article.headline + "（更新）"]

    def form_data():
        stored = Article.objects.get(pk=article.pk)
        return change_form_data(stored, headline=headlines[stored.headline == headlines[0]])

    def save(data):
        response = client.post(change, data)
        assert response.status_code == 302, response.context["adminform"].form.errors

    report("save (change form, headline changed)", *timed(save, args.rounds, form_data))


if __name__ == "__main__":
    main()
