from django.db import models
from django.utils.translation import gettext_lazy as _
from taggit.models import TaggedItemBase


class TaggedArticleManager(models.Manager):
    def get_by_natural_key(self, article_id, tag_name):
        return self.get(content_object_id=article_id, tag__name=tag_name)


class TaggedArticle(TaggedItemBase):
    """A tag on an article, through a real foreign key to the article.

    taggit's generic TaggedItem stores the article as an integer `object_id` beside a content
    type: joining it to the article's bigint id needs a cast that no index serves, so every tag
    page and every "related articles" read scanned the whole tag table.

    `status` and `published_at` are copies of the article's, written by the database itself
    (triggers, migration 0029) whenever a link is written or its article's are: with them, a
    tag's newest published articles are a short read of one index, however common the tag.
    Nothing else writes them, and a reader of them checks the article as well.
    """

    content_object = models.ForeignKey(
        "Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="tagged_items",
    )
    status = models.CharField(_("article's status"), max_length=20, default="draft", editable=False)
    published_at = models.DateTimeField(_("article's publish time"), null=True, editable=False)

    # `dumpdata --natural-primary` leaves the id out and `loaddata` finds the row by this key:
    # taggit's own key for tag links is the article alone, which kept one tag per article.
    objects = TaggedArticleManager()

    class Meta:
        verbose_name = _("tag link")
        verbose_name_plural = _("tag links")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="tagged_article_unique"),
        ]
        indexes = [
            models.Index(fields=["tag", "content_object"], name="tagged_article_by_tag"),
            models.Index(
                fields=["tag", "status", "-published_at", "-content_object"],
                name="tagged_article_newest",
            ),
        ]

    def natural_key(self):
        return (self.content_object_id, *self.tag.natural_key())

    natural_key.dependencies = ["articles.article", "taggit.tag"]
