"""The curated home page of the benchmark newsroom, as editors keep it on a real portal.

`flush` empties the home page the migration made (`frontpage` 0002), so the fill makes it again
with the same blocks (`layouts.default_blocks`), then places what a desk places in a day among
the newest live articles: a 头条 with its own title and 导语, 4 焦点图 with pictures, 6 要闻 and
2 more shown for a few hours (time windows), and 6 open 专题 (4 on the home page) of 30 chosen
articles each, plus a closed one. The top-level sections keep their automatic blocks
(`frontpage/pages.py`), as on a site whose editors never made their own.
"""

from datetime import timedelta

TOPIC_TITLES = ("长江大保护", "城市更新进行时", "营商环境优化", "防汛抗旱", "乡村振兴", "两会时间")
CLOSED_TOPIC = "第七届世界军人运动会"
TOPIC_SIZE = 30


def curate_home(rng, corpus, now):
    """Make the home page if `flush` removed it, and place the day's entries; returns counts."""
    from django.contrib.auth import get_user_model

    from articles import roles
    from articles.models import Article
    from frontpage import layouts
    from frontpage.models import Page, SlotEntry, Topic, TopicArticle

    home = Page.objects.home().first()
    if home is None:
        home = Page.objects.create(kind=Page.Kind.HOME)
        layouts.add_default_blocks(home)
    blocks = {block.name: block for block in home.blocks.all()}
    editors = list(
        get_user_model().objects.filter(groups__name=roles.EDITOR).values_list("pk", flat=True)
    )
    live = Article.objects.published(now)
    newest = list(live.values_list("pk", "lead_image_id")[:300])
    pictured = [pk for pk, image in newest if image]
    plain = [pk for pk, _ in newest]
    rng.shuffle(plain)
    used = set()

    def take(pool, count):
        chosen = [pk for pk in pool if pk not in used][:count]
        used.update(chosen)
        return chosen

    def entry(block, pk, position, **fields):
        return SlotEntry(
            block=block,
            article_id=pk,
            position=position,
            added_by_id=rng.choice(editors) if editors else None,
            **fields,
        )

    entries = []
    if "头条" in blocks:
        for lead in take(pictured, 1):
            title = corpus.short_title(corpus.headline())
            entries.append(entry(blocks["头条"], lead, 0, title=title, summary=corpus.summary()))
    if "焦点图" in blocks:
        entries += [entry(blocks["焦点图"], pk, n) for n, pk in enumerate(take(pictured, 4))]
    if "要闻" in blocks:
        window = {"starts_at": now - timedelta(hours=2), "ends_at": now + timedelta(hours=10)}
        entries += [entry(blocks["要闻"], pk, n) for n, pk in enumerate(take(plain, 6))]
        entries += [
            entry(blocks["要闻"], pk, 6 + n, **window) for n, pk in enumerate(take(plain, 2))
        ]
    SlotEntry.objects.bulk_create(entries)
    recent = list(live.values_list("pk", flat=True)[: TOPIC_SIZE * 20])
    topics = 0
    for n, title in enumerate((*TOPIC_TITLES, CLOSED_TOPIC)):
        topic, created = Topic.objects.get_or_create(
            slug=f"topic-{n + 1}",
            defaults={
                "title": title,
                "introduction": f"{title}：本专题汇集相关报道与评论。",
                "is_closed": title == CLOSED_TOPIC,
                "created_at": now - timedelta(days=len(TOPIC_TITLES) - n),
            },
        )
        layouts.create_topic_page(topic)
        if created:
            TopicArticle.objects.bulk_create(
                TopicArticle(topic=topic, article_id=pk)
                for pk in rng.sample(recent, min(TOPIC_SIZE, len(recent)))
            )
            topics += 1
    return {"home entries": len(entries), "topics": topics}
