"""The blocks a new page starts with; editors change them in the admin afterwards. Block names
are data, in the newsroom's language, like section names."""

from .models import Block, Page

Style, Fallback = Block.Style, Block.Fallback


def default_blocks(kind):
    if kind == Page.Kind.HOME:
        return [
            ("头条", Style.LEAD, 1, Fallback.PAGE),
            ("焦点图", Style.PICTURES, 4, Fallback.PAGE),
            ("要闻", Style.LIST, 10, Fallback.PAGE),
            ("专题", Style.TOPICS, 4, Fallback.NONE),
        ]
    if kind == Page.Kind.TOPIC:
        return [
            ("最新", Style.LIST, 5, Fallback.PAGE),
            ("深度", Style.LIST, 5, Fallback.NONE),
            ("评论", Style.TITLES, 5, Fallback.NONE),
        ]
    return [("置顶", Style.LIST, 3, Fallback.NONE)]


def add_default_blocks(page):
    Block.objects.bulk_create(
        Block(page=page, name=name, style=style, size=size, fallback=fallback, position=n)
        for n, (name, style, size, fallback) in enumerate(default_blocks(page.kind))
    )


def create_topic_page(topic):
    page, created = Page.objects.get_or_create(kind=Page.Kind.TOPIC, topic=topic)
    if created:
        add_default_blocks(page)
    return page
