"""Invalidate exactly the public pages showing what changed, once the change commits.

A save readers cannot see (a draft, an article in review or scheduled for later, a contributor
with no published article) invalidates nothing. A scheduled article needs no save to go live:
pages expire at its publish time (see `page_cache.next_go_live`). Invalidation waits for the
commit: a page rendered before the commit would be stored as current, and a change rolled back
(an edit kept pending for review) must invalidate nothing.
"""

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from taggit.models import Tag

from pagecache.invalidation import invalidate_on_commit
from pictures.models import GalleryPicture, Image

from . import tags
from .models import (
    Article,
    Byline,
    BylineRole,
    Contributor,
    CopyrightNotice,
    Correction,
    Section,
    SitePage,
    SourceOutlet,
)
from .page_keys import (
    FEEDS,
    HOME,
    SITEMAPS,
    article_key,
    contributor_key,
    listing_key,
    outlet_key,
    path_prefixes,
    shown_keys,
    site_page_key,
    tag_key,
    top_level_paths,
    within_key,
)

SITE = "site"
# Past this many articles, one change (an outlet renamed) invalidates the whole site instead.
MOST_ARTICLE_KEYS = 500


def visible_article_keys(articles):
    ids = list(
        articles.filter(pk__in=Article.objects.published()).values_list("pk", flat=True)[
            : MOST_ARTICLE_KEYS + 1
        ]
    )
    if len(ids) > MOST_ARTICLE_KEYS:
        return {SITE}
    return set(map(article_key, ids))


def navigation_keys(article_pk, before, after):
    """Every page (its navigation) when the article, shown on the pages `before` and `after` a
    change, was or is the only thing readers can open under a top-level section it leaves or
    enters: the navigation lists only the sections with something published under them."""
    changed = top_level_paths(before) ^ top_level_paths(after)
    outside = Section.objects.outside_navigation(without=article_pk)
    if changed and outside.filter(path__in=changed).exists():
        return {SITE}
    return set()


def visible_keys(*articles):
    """`visible_article_keys` of each queryset of articles, together."""
    return set().union(*map(visible_article_keys, articles))


def illustrated_by(images):
    """The articles a picture among `images` leads, and those whose gallery holds one: their
    pages print its credit and its holder."""
    return (
        Article.objects.filter(lead_image__in=images),
        Article.objects.filter(
            pk__in=GalleryPicture.objects.filter(image__in=images).values("article_id")
        ),
    )


def article_before_save(sender, instance, raw=False, **kwargs):
    instance._shown_before = shown_keys(instance) if instance.pk and not raw else set()


def article_saved(sender, instance, raw=False, created=False, **kwargs):
    if raw:
        return
    # A row just inserted is as the instance says: a new draft shows on no page (no query).
    if created and not instance.is_public():
        return
    before, after = getattr(instance, "_shown_before", set()), shown_keys(instance)
    invalidate_on_commit(before | after | navigation_keys(instance.pk, before, after))


def article_before_delete(sender, instance, **kwargs):
    before = shown_keys(instance)
    invalidate_on_commit(before | navigation_keys(instance.pk, before, set()))


def part_changed(sender, instance, raw=False, **kwargs):
    """A byline, correction or gallery picture: the pages showing its article, and for a byline
    its contributor's page (also when it was just removed)."""
    if raw:
        return
    keys = shown_keys(Article(pk=instance.article_id))
    if keys and isinstance(instance, Byline):
        keys.add(contributor_key(instance.contributor_id))
    invalidate_on_commit(keys)


def tags_changed(sender, instance, action, pk_set, reverse=False, **kwargs):
    if reverse or action not in ("pre_clear", "post_add", "post_remove"):
        return
    keys = shown_keys(instance)
    if keys and pk_set:
        keys.update(map(tag_key, Tag.objects.filter(pk__in=pk_set).values_list("slug", flat=True)))
    invalidate_on_commit(keys)


def tag_link_changed(sender, instance, raw=False, **kwargs):
    """A tag link written directly (a revision restored), not through `article.tags`."""
    keys = shown_keys(Article(pk=instance.content_object_id))
    if keys:
        keys.update(
            map(tag_key, Tag.objects.filter(pk=instance.tag_id).values_list("slug", flat=True))
        )
    invalidate_on_commit(keys)


def tag_before_save(sender, instance, raw=False, **kwargs):
    stored = Tag.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
    instance._slug_before = stored


def tag_changed(sender, instance, raw=False, **kwargs):
    keys = visible_article_keys(Article.objects.filter(tags=instance))
    if keys:
        keys |= {tag_key(instance.slug)}
        if getattr(instance, "_slug_before", None):
            keys.add(tag_key(instance._slug_before))
    invalidate_on_commit(keys)


def contributor_changed(sender, instance, raw=False, created=False, **kwargs):
    if created:
        return  # no article credits it yet: no page shows it
    keys = visible_keys(
        Article.objects.filter(bylines__contributor=instance),
        *illustrated_by(Image.objects.filter(credit_contributor=instance)),
    )
    if keys:
        keys.add(contributor_key(instance.pk))
    invalidate_on_commit(keys)


def outlet_changed(sender, instance, raw=False, created=False, **kwargs):
    if created:
        return  # no article names it yet: no page shows it
    # Its name is printed as the source, before its contributors' bylines (and on their pages)
    # and as the holder of pictures.
    keys = visible_keys(
        Article.objects.filter(source=instance),
        Article.objects.filter(bylines__contributor__affiliation=instance),
        *illustrated_by(Image.objects.filter(copyright_holder=instance)),
    )
    if keys:
        keys.add(outlet_key(instance.pk))
        credited = Byline.objects.filter(
            contributor__affiliation=instance, article__in=Article.objects.published()
        )
        ids = list(
            credited.order_by()
            .values_list("contributor_id", flat=True)
            .distinct()[: MOST_ARTICLE_KEYS + 1]
        )
        keys |= {SITE} if len(ids) > MOST_ARTICLE_KEYS else set(map(contributor_key, ids))
    invalidate_on_commit(keys)


def section_before_save(sender, instance, raw=False, **kwargs):
    stored = Section.objects.filter(pk=instance.pk).values_list("path", "parent_id").first()
    instance._path_before = stored[0] if stored else None
    instance._in_navigation_before = bool(stored) and stored[1] is None and in_navigation(instance)


def in_navigation(section):
    return Section.objects.in_navigation().filter(pk=section.pk).exists()


def section_changed(sender, instance, raw=False, **kwargs):
    """Its name is printed on every page under it, its parent's listing and every teaser of its
    articles; a top-level section in the navigation (before or after) on every page, and a
    move renames every address under it. An empty top-level section is in no navigation."""
    before = getattr(instance, "_path_before", None)
    navigation = instance.parent_id is None and (
        getattr(instance, "_in_navigation_before", False) or in_navigation(instance)
    )
    if navigation or (before and before != instance.path):
        invalidate_on_commit({SITE})
        return
    keys = {HOME, FEEDS, SITEMAPS, within_key(instance.path)}
    keys.update(map(listing_key, path_prefixes(instance.path)))
    invalidate_on_commit(keys)


def role_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        invalidate_on_commit(
            visible_keys(
                Article.objects.filter(bylines__role=instance),
                *illustrated_by(Image.objects.filter(credit_role=instance)),
            )
        )


def notice_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        printed = Q(copyright_notice=instance) | Q(
            copyright_notice=None, source__default_notice=instance
        )
        invalidate_on_commit(visible_article_keys(Article.objects.filter(printed)))


def site_page_before_save(sender, instance, raw=False, **kwargs):
    stored = SitePage.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
    instance._slug_before = stored


def site_page_changed(sender, instance, raw=False, **kwargs):
    keys = {site_page_key(instance.slug)}
    if getattr(instance, "_slug_before", None):
        keys.add(site_page_key(instance._slug_before))
    invalidate_on_commit(keys)


def picture_changed(image):
    """A picture (its caption, credit or renditions): every page showing an article it leads or
    illustrates."""
    using = Article.objects.filter(pk__in=Article.objects.published()).filter(
        pk__in=list(image.lead_of.values_list("pk", flat=True))
        + list(GalleryPicture.objects.filter(image=image).values_list("article_id", flat=True))
    )
    ids = list(using.values_list("pk", flat=True)[: MOST_ARTICLE_KEYS // 10 + 1])
    if len(ids) > MOST_ARTICLE_KEYS // 10:
        invalidate_on_commit({SITE})
        return
    keys = set()
    for pk in ids:
        keys |= shown_keys(Article(pk=pk))
    invalidate_on_commit(keys)


def image_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        picture_changed(instance)


def connect():
    def on(signal, receiver, model, name):
        signal.connect(receiver, sender=model, dispatch_uid=f"page-cache-{name}-{model.__name__}")

    pre_save.connect(tags.fill_in_slug, sender=Tag, dispatch_uid="tag-slug")
    on(pre_save, article_before_save, Article, "before-save")
    on(post_save, article_saved, Article, "saved")
    on(pre_delete, article_before_delete, Article, "before-delete")
    for part in (Byline, Correction, GalleryPicture):
        on(post_save, part_changed, part, "saved")
        on(post_delete, part_changed, part, "deleted")
    on(m2m_changed, tags_changed, Article.tags.through, "tags")
    on(post_save, tag_link_changed, Article.tags.through, "saved")
    on(post_delete, tag_link_changed, Article.tags.through, "deleted")
    on(pre_save, tag_before_save, Tag, "before-save")
    on(post_save, tag_changed, Tag, "saved")
    on(post_save, contributor_changed, Contributor, "saved")
    on(post_save, outlet_changed, SourceOutlet, "saved")
    on(pre_save, section_before_save, Section, "before-save")
    on(post_save, section_changed, Section, "saved")
    on(post_delete, section_changed, Section, "deleted")
    on(post_save, role_changed, BylineRole, "saved")
    on(post_save, notice_changed, CopyrightNotice, "saved")
    on(pre_save, site_page_before_save, SitePage, "before-save")
    on(post_save, site_page_changed, SitePage, "saved")
    on(post_delete, site_page_changed, SitePage, "deleted")
    on(post_save, image_changed, Image, "saved")
    on(pre_delete, image_changed, Image, "before-delete")
