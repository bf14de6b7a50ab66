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
    """

    content_object = models.ForeignKey(
        "Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="tagged_items",
    )

    # `dumpdata --natural-primary` leaves the id out and `loaddata` finds the row by this key:
    # taggit's own key for tag links is the article alone, which kept one tag per article.
    objects = TaggedArticleManager()

    class Meta:
        verbose_name = _("tag link")
        verbose_name_plural = _("tag links")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="tagged_article_unique"),
        ]
        indexes = [models.Index(fields=["tag", "content_object"], name="tagged_article_by_tag")]

    def natural_key(self):
        return (self.content_object_id, *self.tag.natural_key())

    natural_key.dependencies = ["articles.article", "taggit.tag"]
