"""Fill a database with a realistic newsroom, for every benchmark.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/fill.py 200000 --flush

What a regional portal holds after a few years: about 300 sections in a tree four levels deep
(新闻 > 湖北 > 武汉 > 江岸) whose sizes run from a handful of articles to tens of thousands,
2,000 contributors in 200 outlets, 5,000 tags used with a Zipf distribution (3 to 6 an article),
1 to 4 bylines an article, corrections on 1%, and 10% of articles not live (drafts, in review,
scheduled, withdrawn). Text is Chinese, recombined from real sentences (`bench/fill_text.py`).
The reference fixtures and the captured sample article are loaded first, so the sample's
address and the demo roles exist. The same count and seed give the same data.

`--flush` empties the database first; without it, a database that holds articles is refused.
`--search-index` builds the search documents at the end (bulk writes send no signals; or run
`manage.py rebuild_search_index` later).
200,000 articles take a few minutes on PostgreSQL (COPY) and longer on SQLite.
"""

import argparse
import bisect
import itertools
import os
import random
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BATCH = 5_000
SECTIONS = 300
OUTLETS = 200
CONTRIBUTORS = 2_000
TAGS = 5_000
ARTICLES_A_DAY = 120
# What is not live, as shares of all articles (10% together); the rest is published.
NOT_LIVE = {"draft": 0.05, "in_review": 0.02, "scheduled": 0.01, "withdrawn": 0.02}
CORRECTED = 0.01
REPOSTS = 0.08
BYLINE_COUNTS = {1: 0.3, 2: 0.35, 3: 0.22, 4: 0.13}
TAG_COUNTS = (3, 4, 5, 6)
LEAD_IMAGE_SHARE = 0.6
BUSIEST_DESKS = ("news/hubei/wuhan", "news/hubei", "news/china", "sports/football", "finance")
NOTICE = "凡注明“来源：{holder}”的作品，版权归{holder}所有。任何媒体转载、摘编、引用，须注明来源{holder}和署著作者名，否则将追究相关法律责任。"


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")  # a developer's machine
    import django

    django.setup()


def zipf_cumulative(count, exponent=1.0):
    return list(itertools.accumulate(1 / (rank**exponent) for rank in range(1, count + 1)))


def zipf_pick(rng, population, cumulative):
    return population[bisect.bisect(cumulative, rng.random() * cumulative[-1])]


class Newsroom:
    """Builds the reference data once, then writes articles batch by batch."""

    def __init__(self, count, seed, writer, out):
        from bench.fill_text import Corpus

        self.count = count
        self.rng = random.Random(seed)
        # The images hook draws from its own generator, so filling it in changes nothing else.
        self.image_rng = random.Random(seed + 1)
        self.writer = writer
        self.out = out
        self.corpus = Corpus(self.rng)
        self.now = datetime.now(UTC).replace(microsecond=0)

    # Reference data -----------------------------------------------------------------------

    def build_reference(self):
        self.staff = self._staff()
        self.sections = self._sections()
        self.outlets = self._outlets()
        self.contributors = self._contributors()
        self.tags = self._tags()
        from articles.models import BylineRole

        self.roles = {role.code: role.pk for role in BylineRole.objects.all()}

    def _staff(self):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        from articles import roles
        from bench.fill_text import SURNAMES, person_name

        User = get_user_model()
        made = {}
        for group_name, prefix, number in (
            (roles.EDITOR, "bianji", 12),
            (roles.REPORTER, "jizhe", 20),
            (roles.INTERN, "shixi", 8),
        ):
            users = []
            for n in range(1, number + 1):
                name = person_name(self.rng)
                user = User(
                    username=f"{prefix}{n:02d}",
                    last_name=name[0] if name[0] in SURNAMES else "",
                    first_name=name[1:] if name[0] in SURNAMES else name,
                    is_staff=True,
                )
                user.set_unusable_password()
                users.append(user)
            users = User.objects.bulk_create(users)
            Group.objects.get(name=group_name).user_set.add(*users)
            made[group_name] = [u.pk for u in users]
        return made

    def _sections(self):
        from pypinyin import lazy_pinyin

        from articles.models import Section
        from bench.fill_text import HUBEI, OTHER_SECTIONS

        stored = {s.pk: s for s in Section.objects.all()}

        def names_of(made):
            return (
                (*names_of(stored[made.parent_id]), made.name) if made.parent_id else (made.name,)
            )

        existing = {names_of(s): s for s in stored.values()}
        slugs = {(names_of(s)[:-1], s.slug) for s in stored.values()}
        levels = [[], [], [], []]

        def section(name, parent, depth):
            key = (*names_of_new(parent), name)
            if key not in existing:
                slug = "".join(c for c in "".join(lazy_pinyin(name)).lower() if c.isalnum())
                while (key[:-1], slug) in slugs:
                    slug += "-2"
                slugs.add((key[:-1], slug))
                made = Section(
                    name=name,
                    slug=slug,
                    parent=parent,
                    position=len(existing),
                    active=self.rng.random() > 0.03 or parent is None,
                )
                made.names = key
                levels[depth].append(made)
                existing[key] = made
            return existing[key]

        def names_of_new(parent):
            if parent is None:
                return ()
            return getattr(parent, "names", None) or names_of(parent)

        def tree():
            news = section("新闻", None, 0)
            hubei = section("湖北", news, 1)
            for city, districts in HUBEI.items():
                yield section(city, hubei, 2), 3, districts.split()
            for root_name, children in OTHER_SECTIONS.items():
                root = section(root_name, None, 0)
                for child_name, grandchildren in children.items():
                    yield section(child_name, root, 1), 2, grandchildren.split()

        for parent, depth, names in list(tree()):
            for name in names:
                section(name, parent, depth)
        # Written level by level: a section's path is its parent's path and its own slug.
        self._save_sections(levels)
        sections = sorted(existing.values(), key=lambda s: s.path)
        # Sizes spread over four orders of magnitude; the busiest desks get the largest.
        weights = sorted((self.rng.lognormvariate(0, 1.6) for _ in sections), reverse=True)
        busiest = [s for path in BUSIEST_DESKS for s in sections if s.path == path]
        others = [s for s in sections if s not in busiest]
        self.rng.shuffle(others)
        ranked = busiest + others
        return {"ids": [s.pk for s in ranked], "cumulative": list(itertools.accumulate(weights))}

    def _save_sections(self, levels):
        from articles.models import Section

        for level in levels:
            for made in level:
                if made.parent is not None:
                    made.parent = made.parent  # its id, now that it is saved
                made.path = made.computed_path()
                made.depth = made.path.count("/")
            Section.objects.bulk_create(level)

    def _outlets(self):
        from pypinyin import lazy_pinyin

        from articles.models import CopyrightNotice, SourceOutlet
        from bench.fill_text import NATIONAL_OUTLETS, outlet_names

        taken = set(SourceOutlet.objects.values_list("name", flat=True))
        wanted = [n for n in outlet_names() if n not in taken][: OUTLETS - len(taken)]
        new = SourceOutlet.objects.bulk_create(
            SourceOutlet(
                name=name,
                short_name=name if len(name) <= 30 else name[:30],
                homepage=f"https://www.{''.join(lazy_pinyin(name))[:20]}.com.cn/",
                approved_for_reposts=name in NATIONAL_OUTLETS or self.rng.random() < 0.3,
            )
            for name in wanted
        )
        notices = CopyrightNotice.objects.bulk_create(
            CopyrightNotice(holder=outlet, title="标准声明", template=NOTICE) for outlet in new
        )
        for outlet, notice in zip(new, notices, strict=True):
            outlet.default_notice = notice
        SourceOutlet.objects.bulk_update(new, ["default_notice"])
        outlets = list(SourceOutlet.objects.order_by("pk"))
        return {
            "ids": [o.pk for o in outlets],
            "notice": {o.pk: o.default_notice_id for o in outlets},
            "approved": [o.pk for o in outlets if o.approved_for_reposts],
            "cumulative": zipf_cumulative(len(outlets), 1.1),
        }

    def _contributors(self):
        from articles.models import Contributor
        from bench.fill_text import person_name

        outlet_ids = self.outlets["ids"]
        cumulative = zipf_cumulative(len(outlet_ids), 0.9)
        taken = set(Contributor.objects.values_list("name", "affiliation_id"))
        wanted = []
        while len(taken) < CONTRIBUTORS:
            affiliation = zipf_pick(self.rng, outlet_ids, cumulative)
            key = (person_name(self.rng), affiliation)
            if key not in taken:
                taken.add(key)
                wanted.append(Contributor(name=key[0], affiliation_id=key[1]))
        Contributor.objects.bulk_create(wanted)
        people = list(Contributor.objects.order_by("pk").values_list("pk", "affiliation_id"))
        # Reporters' accounts: a staff member is credited through their contributor.
        reporters = self.staff["记者"] + self.staff["实习生"]
        for user_id, (pk, _outlet) in zip(reporters, people[-len(reporters) :], strict=True):
            Contributor.objects.filter(pk=pk).update(user_id=user_id)
        by_outlet = {}
        for pk, outlet in people:
            by_outlet.setdefault(outlet, []).append(pk)
        return {"ids": [pk for pk, _ in people], "by_outlet": by_outlet}

    def _tags(self):
        from articles.models import Article
        from bench.fill_text import PLACES, TOPICS, tag_names

        one_word = {*PLACES, *TOPICS}

        Tag = Article.tags.through.tag_model()
        existing = list(Tag.objects.order_by("pk"))
        names = [n for n in tag_names(TAGS * 2, self.rng) if n not in {t.name for t in existing}]
        slugs = {t.slug for t in existing}
        new = []
        for name in names[: TAGS - len(existing)]:
            slug = Tag().slugify(name)
            if slug and slug not in slugs:
                slugs.add(slug)
                new.append(Tag(name=name, slug=slug))
        Tag.objects.bulk_create(new)
        # Topics and places (武汉, 防汛) are used most, pairs (宜昌柑橘) less: ranked at random
        # within each kind.
        fixture_tags = {t.pk for t in existing}
        single = [t.pk for t in Tag.objects.all() if t.name in one_word or t.pk in fixture_tags]
        pairs = list(Tag.objects.exclude(pk__in=single).values_list("pk", flat=True))
        self.rng.shuffle(single)
        self.rng.shuffle(pairs)
        ranked = single + pairs
        return {"ids": ranked, "cumulative": zipf_cumulative(len(ranked), 1.0)}

    # Articles -----------------------------------------------------------------------------

    def publish_times(self):
        """Newest last, about ARTICLES_A_DAY a day, mostly in Beijing's working hours."""
        days = max(30, self.count // ARTICLES_A_DAY)
        start = self.now - timedelta(days=days)
        hours = list(range(24))
        hour_weights = [1 if h < 7 else 6 if h < 12 else 5 if h < 18 else 3 for h in hours]
        times = []
        for _ in range(self.count):
            day = self.rng.randrange(days)
            hour = self.rng.choices(hours, hour_weights)[0]
            # Hours in Beijing (UTC+8) written in UTC.
            moment = start + timedelta(days=day, hours=hour - 8, seconds=self.rng.randrange(3600))
            times.append(min(moment, self.now - timedelta(minutes=5)))
        times.sort()
        return times

    def status(self):
        roll = self.rng.random()
        for status, share in NOT_LIVE.items():
            if roll < share:
                return status
            roll -= share
        return "published"

    def write_articles(self, stats):
        from django.db import transaction

        from articles.models import Article, Byline, Correction, Transition

        times = self.publish_times()
        through = Article.tags.through
        self.generic_links = "content_type" in {f.name for f in through._meta.fields}
        if self.generic_links:
            from django.contrib.contenttypes.models import ContentType

            self.article_type = ContentType.objects.get_for_model(Article).pk
        for start in range(0, self.count, BATCH):
            batch = times[start : start + BATCH]
            ids = self.writer.ids(Article, len(batch))
            articles, bylines, links, log, corrections = [], [], [], [], []
            for pk, published_at in zip(ids, batch, strict=True):
                article = self.article(pk, published_at)
                stats[article.pop("_state")] += 1
                articles.append(article)
                bylines += self.bylines(article)
                links += self.tag_links(pk)
                log += self.transitions(article)
                if article["status"] == "published" and self.rng.random() < CORRECTED:
                    corrections.append(self.correction(article))
            for row, pk in zip(bylines, self.writer.ids(Byline, len(bylines)), strict=True):
                row["id"] = pk
            for row, pk in zip(links, self.writer.ids(through, len(links)), strict=True):
                row["id"] = pk
            for row, pk in zip(log, self.writer.ids(Transition, len(log)), strict=True):
                row["id"] = pk
            for row, pk in zip(
                corrections, self.writer.ids(Correction, len(corrections)), strict=True
            ):
                row["id"] = pk
            with transaction.atomic():
                stats["lead images"] += add_lead_images(self.writer, articles, self.image_rng)
                self.writer.insert(Article, articles)
                self.writer.insert(Byline, bylines)
                self.writer.insert(through, links)
                self.writer.insert(Transition, log)
                self.writer.insert(Correction, corrections)
            stats["bylines"] += len(bylines)
            stats["tag links"] += len(links)
            stats["corrections"] += len(corrections)
            self.out.write(f"\r  {start + len(batch):,} of {self.count:,} articles")
            self.out.flush()
        self.out.write("\n")
        from pictures.models import Image

        return [Article, Byline, through, Transition, Correction, Image]

    def article(self, pk, published_at):
        rng, corpus = self.rng, self.corpus
        state = self.status()
        status = {"scheduled": "published"}.get(state, state)
        if state == "scheduled":
            published_at = self.now + timedelta(hours=rng.uniform(1, 24 * 7))
        elif state in ("draft", "in_review") and rng.random() < 0.8:
            published_at = None
        moment = published_at or self.now - timedelta(days=rng.uniform(0, 30))
        source = zipf_pick(rng, self.outlets["ids"], self.outlets["cumulative"])
        repost = rng.random() < REPOSTS
        if repost:
            source = rng.choice(self.outlets["approved"])
        headline = corpus.headline()
        return {
            "id": pk,
            "_state": state,
            "kicker": corpus.short_title(corpus.headline()) if rng.random() < 0.1 else "",
            "headline": headline,
            "subheadline": corpus.headline() if rng.random() < 0.1 else "",
            "list_title": corpus.short_title(headline) if rng.random() < 0.2 else "",
            "summary": corpus.summary() if rng.random() < 0.8 else "",
            "body": corpus.body(),
            "section_id": weighted_pick(rng, self.sections),
            "source_id": source,
            "copyright_notice_id": self.outlets["notice"][source],
            "is_repost": repost,
            "original_title": headline if repost else "",
            "original_author": rng.choice(("新华社记者", "本报记者", "通讯员")) if repost else "",
            "original_url": f"https://news.example.cn/{pk}.html" if repost else "",
            "responsible_editor_id": rng.choice(self.staff["编辑"])
            if status in ("published", "withdrawn") and rng.random() < 0.7
            else None,
            "status": status,
            "published_at": published_at,
            "created_at": moment - timedelta(minutes=rng.uniform(10, 600)),
            "updated_at": moment
            + timedelta(minutes=rng.uniform(0, 2880) if rng.random() < 0.3 else 0),
            "created_by_id": rng.choice(self.staff["记者"] + self.staff["实习生"])
            if rng.random() < 0.8
            else None,
            "version": 1,
        }

    def bylines(self, article):
        rng = self.rng
        count = rng.choices(list(BYLINE_COUNTS), list(BYLINE_COUNTS.values()))[0]
        own = self.contributors["by_outlet"].get(article["source_id"]) or self.contributors["ids"]
        people = []
        while len(people) < count:
            pool = own if not people or rng.random() < 0.6 else self.contributors["ids"]
            person = rng.choice(pool)
            if person not in people:
                people.append(person)
        rows = []
        for position, person in enumerate(people):
            if position == 0:
                role = rng.choice(("reporter", "reporter", "allmedia-reporter", "trainee-reporter"))
            else:
                role = rng.choice(("reporter", "intern", "correspondent", "photographer", "editor"))
            rows.append(
                {
                    "article_id": article["id"],
                    "contributor_id": person,
                    "role_id": self.roles[role],
                    "position": position + 1,
                }
            )
        return rows

    def tag_links(self, pk):
        rng, tags = self.rng, self.tags
        wanted = rng.choice(TAG_COUNTS)
        chosen = set()
        while len(chosen) < wanted:
            chosen.add(zipf_pick(rng, tags["ids"], tags["cumulative"]))
        if self.generic_links:
            # taggit's generic TaggedItem, before the articles' own through model.
            kind = self.article_type
            return [{"content_type_id": kind, "object_id": pk, "tag_id": t} for t in chosen]
        return [{"content_object_id": pk, "tag_id": t} for t in chosen]

    def transitions(self, article):
        state, when = article["status"], article["published_at"]
        editor = self.rng.choice(self.staff["编辑"])
        base = {"article_id": article["id"], "actor_id": editor, "note": ""}
        if state == "in_review":
            return [
                {
                    **base,
                    "action": "submit",
                    "at": article["created_at"],
                    "from_state": "draft",
                    "to_state": "in_review",
                }
            ]
        if state == "published":
            action = "schedule" if when > self.now else "publish"
            return [
                {
                    **base,
                    "action": action,
                    "at": min(when, self.now),
                    "from_state": "in_review",
                    "to_state": "published",
                }
            ]
        if state == "withdrawn":
            return [
                {
                    **base,
                    "action": "publish",
                    "at": when,
                    "from_state": "in_review",
                    "to_state": "published",
                },
                {
                    **base,
                    "action": "withdraw",
                    "at": when + timedelta(hours=2),
                    "from_state": "published",
                    "to_state": "withdrawn",
                    "note": "稿件内容待核实",
                },
            ]
        return []

    def correction(self, article):
        return {
            "article_id": article["id"],
            "text": self.corpus.correction(),
            "created_at": min(self.now, article["published_at"] + timedelta(hours=3)),
            "created_by_id": self.rng.choice(self.staff["编辑"]),
        }


def weighted_pick(rng, weighted):
    return zipf_pick(rng, weighted["ids"], weighted["cumulative"])


# Sizes of the photos a regional newsroom publishes: cameras, phones, agency pictures.
PHOTO_SIZES = ((6000, 4000), (4032, 3024), (3000, 2000), (1920, 1080), (1280, 960), (3024, 4032))
PHOTO_CREDITS = ("新华社", "视觉中国", "读者供图", "湖北日报全媒记者", "")


def add_lead_images(writer, articles, rng):
    """Lead images on LEAD_IMAGE_SHARE (60%) of the articles: a library picture each, written
    before its article, with the renditions list a saved picture carries (the files themselves
    are not made: pages only print their addresses). Draws only on `rng`, its own generator, so
    the rest of the data does not change. Returns how many were written."""
    import hashlib
    import json

    from pictures import renditions
    from pictures.models import Image

    chosen = [article for article in articles if rng.random() < LEAD_IMAGE_SHARE]
    rows = []
    for article, pk in zip(chosen, writer.ids(Image, len(chosen)), strict=True):
        stem = f"{rng.getrandbits(108):027x}"
        size = rng.choice(PHOTO_SIZES)
        focal = (round(rng.uniform(0.3, 0.7), 3), round(rng.uniform(0.25, 0.6), 3))
        key = hashlib.sha256(stem.encode()).hexdigest()[:12]
        made = [
            {
                "kind": spec.kind,
                "format": image_format,
                "width": width,
                "height": height,
                "name": f"pictures/renditions/{stem}/{spec.kind}-{width}x{height}-{key}."
                + ("jpg" if image_format == "jpeg" else image_format),
                "size": width * height // (5 if image_format == "jpeg" else 7),
            }
            for spec, _box, sizes in renditions.planned(size, focal)
            for width, height in sizes
            for image_format in spec.formats
        ]
        uploaded = article["created_at"]
        rows.append(
            {
                "id": pk,
                "file": f"pictures/originals/{uploaded:%Y/%m}/{stem}.jpg",
                "width": size[0],
                "height": size[1],
                "title": article["headline"][:200],
                "caption": article["summary"][:120],
                "credit_text": rng.choice(PHOTO_CREDITS),
                "focal_x": focal[0],
                "focal_y": focal[1],
                "renditions": json.dumps(made, ensure_ascii=False),
                "renditions_key": key,
                "created_at": uploaded,
            }
        )
        article["lead_image_id"] = pk
    writer.insert(Image, rows)
    return len(rows)


def restore_groups():
    """The staff groups, which the data migrations made and `flush` emptied."""
    from django.contrib.auth.models import Group, Permission

    from articles import roles

    for name, grants in roles.GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app, codename in grants:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app, codename=codename)
            )


def fill(count, seed=7, flush=False, out=sys.stdout, search_index=False):
    """Build the newsroom; returns counts of what was written."""
    from django.core.management import call_command
    from django.db import transaction

    from articles.models import Article
    from bench.fill_db import Writer
    from bench.fill_frontpage import curate_home

    call_command("migrate", verbosity=0)
    if flush:
        call_command("flush", interactive=False, verbosity=0)
        restore_groups()
    elif Article.objects.exists():
        raise SystemExit("The database already holds articles: pass --flush to empty it first.")
    call_command(
        "loaddata",
        str(ROOT / "fixtures" / "reference.json"),
        str(ROOT / "fixtures" / "sample_article.json"),
        verbosity=0,
    )
    writer = Writer()
    newsroom = Newsroom(count, seed, writer, out)
    with transaction.atomic():
        newsroom.build_reference()
    stats = Counter()
    written = newsroom.write_articles(stats)
    with transaction.atomic():
        stats.update(curate_home(newsroom.rng, newsroom.corpus, newsroom.now))
    from articles.models import Contributor, CopyrightNotice, Section, SourceOutlet

    writer.finish([*written, Contributor, CopyrightNotice, Section, SourceOutlet])
    if search_index:
        # Bulk writes send no signals: the articles' search documents are built here.
        started = time.perf_counter()
        call_command("rebuild_search_index", verbosity=0)
        stats["search index seconds"] = round(time.perf_counter() - started)
    return stats


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="articles to write, e.g. 200000")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--flush", action="store_true", help="empty the database first")
    parser.add_argument(
        "--search-index",
        action="store_true",
        help="build the search documents at the end (manage.py rebuild_search_index)",
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("Set DATABASE_URL to the database to fill (it may be emptied).")
    os.environ.pop("REDIS_URL", None)
    setup_django()
    started = time.perf_counter()
    stats = fill(args.count, seed=args.seed, flush=args.flush, search_index=args.search_index)
    from django.db import connection

    elapsed = time.perf_counter() - started
    print(f"{connection.vendor}: {args.count:,} articles in {elapsed:.0f} s")
    for name, value in sorted(stats.items()):
        print(f"  {name}: {value:,}")


if __name__ == "__main__":
    main()
