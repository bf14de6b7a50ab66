"""The newsroom's side of bench/newsroom_load.sh: editors saving drafts through the admin (about
two saves a second) and publishing one article a minute, for `--seconds`.

Run with the settings and database of the server under load. The admin's views run in this
process (Django's test client: the real change form, its formsets, the workflow buttons, the
signals), against the same database and Redis, so every save invalidates what it would in
production. `NEWSROOM_CODE` names the checkout to import (the "before" one is an older commit).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

CODE = Path(os.environ.get("NEWSROOM_CODE", Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(CODE))
os.chdir(CODE)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--saves-per-second", type=float, default=2)
    parser.add_argument("--publish-every", type=float, default=60)
    args = parser.parse_args()

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    django.setup()
    from django.contrib.auth.models import User
    from django.test import Client
    from django.urls import reverse

    from articles.models import Article
    from tests.factories import change_form_data, take_step

    chief, _ = User.objects.get_or_create(
        username="bench-chief", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(chief)
    drafts = list(Article.objects.drafts().order_by("-pk")[:2000])
    saves, publishes, failures = [], [], 0
    start = time.monotonic()
    next_publish = start + args.publish_every / 2
    n = 0
    while time.monotonic() - start < args.seconds:
        tick = time.monotonic()
        article = Article.objects.get(pk=drafts[n % len(drafts)].pk)
        n += 1
        url = reverse("admin:articles_article_change", args=[article.pk])
        began = time.monotonic()
        response = client.post(
            url, change_form_data(article, headline=f"{article.headline[:150]}·{n}")
        )
        saves.append(time.monotonic() - began)
        failures += response.status_code != 302
        if time.monotonic() >= next_publish:
            next_publish += args.publish_every
            article = (
                Article.objects.drafts()
                .order_by("-pk")
                .exclude(pk__in=[d.pk for d in drafts])
                .first()
                or drafts[-1 - len(publishes)]
            )
            began = time.monotonic()
            for action in ("publish", "submit", "publish"):
                take_step(client, Article.objects.get(pk=article.pk), action)
                if Article.objects.get(pk=article.pk).is_public():
                    break
            publishes.append(
                (time.monotonic() - began, Article.objects.get(pk=article.pk).is_public())
            )
        time.sleep(max(0, 1 / args.saves_per_second - (time.monotonic() - tick)))
    print(
        f"saves: {len(saves)} ({failures} not redirected), median {statistics.median(saves) * 1000:.0f} ms; "
        f"publishes: {len(publishes)}, live: {sum(ok for _t, ok in publishes)}"
    )


if __name__ == "__main__":
    main()
