from django.core.management.base import BaseCommand
from django.db import transaction

from articles.inline_images import with_inline_images_stored
from articles.models import Article
from articles.signals import visible_article_keys
from pagecache.invalidation import invalidate_on_commit


class Command(BaseCommand):
    help = (
        "Store the images that bodies saved before the upload rules applied to them still hold "
        "as data: URLs as library pictures, and drop those that break the rules (each named). "
        "Run once after upgrading; safe to repeat."
    )

    def handle(self, *args, **options):
        changed = 0
        holding = Article.objects.filter(body__contains="data:").only("pk", "headline", "body")
        for article in holding.iterator():
            with transaction.atomic():
                body, refusals = with_inline_images_stored(article.body, None)
                # The sanitizer drops what is left: the refused images.
                rewritten = Article.objects.filter(pk=article.pk)
                rewritten.update(body=body)
                # A bulk update sends no signal: the article's page changes.
                invalidate_on_commit(visible_article_keys(rewritten))
            changed += 1
            for reason in refusals:
                self.stderr.write(f"{article.pk} {article.headline}: image dropped: {reason}")
        self.stdout.write(f"{changed} article bodies rewritten.")
