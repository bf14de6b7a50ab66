"""An article as search sees it: its text in four weights, as written and as terms.

A: headline, list title, kicker, subheadline and the body's subheadings; B: summary; C: body
text without markup; D: tags, contributors' names, source outlet. The titles (A and B) also
carry their one- and two-character Han strings, for short queries.
"""

import html
import re
from dataclasses import dataclass

from django.db.models import Prefetch

from .segment import document_terms, short_terms

BLOCK_TAG = re.compile(
    r"</?(?:p|h[1-6]|li|br|div|td|th|tr|blockquote|figure|figcaption|ul|ol|table|hr)\b[^>]*>", re.I
)
ANY_TAG = re.compile(r"<[^>]*>")
HEADING = re.compile(r"<h[1-6]\b[^>]*>.*?</h[1-6]\s*>", re.I | re.S)
WEIGHTS = "ABCD"
TITLES = "AB"


def body_text(body):
    """The body as plain text: blocks on their own lines, inline markup removed."""
    return html.unescape(ANY_TAG.sub("", BLOCK_TAG.sub("\n", body or ""))).strip()


def split_headings(body):
    """The body's subheadings as plain text, and the body's text without them."""
    headings = [body_text(heading) for heading in HEADING.findall(body or "")]
    return "\n".join(filter(None, headings)), body_text(HEADING.sub("\n", body or ""))


@dataclass
class Document:
    article_id: int
    fields: dict  # weight letter -> text
    published_at: object = None

    def terms(self):
        """weight letter -> the field's terms in order (the titles' short strings last)."""
        terms = {weight: document_terms(text) for weight, text in self.fields.items()}
        for weight in TITLES:
            terms[weight] += short_terms(self.fields[weight], terms[weight])
        return terms

    def segmented(self):
        """weight letter -> the field's terms as one text, separated by spaces."""
        return {weight: " ".join(terms) for weight, terms in self.terms().items()}


def build(article, tags):
    """Needs the article's bylines (with contributors) and source loaded: see `articles_for`."""
    return compose(article, [byline.contributor.name for byline in article.bylines.all()], tags)


def compose(article, names, tags):
    """The document of `article` credited to `names` (in byline order) and tagged `tags`."""
    headings, body = split_headings(article.body)
    titles = [article.headline, article.list_title, article.kicker, article.subheadline, headings]
    extra = [*tags, *names, article.source.name if article.source_id else ""]
    fields = {
        "A": "\n".join(filter(None, titles)),
        "B": article.summary or "",
        "C": body,
        "D": "\n".join(filter(None, extra)),
    }
    return Document(article.pk, fields, article.published_at)


def documents_for(queryset):
    """The documents of the articles of `queryset`, in three queries."""
    articles = list(_articles_for(queryset))
    tags = _tag_names([article.pk for article in articles])
    return [build(article, tags.get(article.pk, [])) for article in articles]


def _tag_names(article_ids):
    """Tag names by article id, in one query (taggit's prefetch makes one per article)."""
    from articles.models import Article

    names = {}
    rows = (
        Article.tags.through.objects.filter(content_object_id__in=article_ids)
        .order_by("pk")
        .values_list("content_object_id", "tag__name")
    )
    for article_id, name in rows:
        names.setdefault(article_id, []).append(name)
    return names


def _articles_for(queryset):
    from articles.models import Byline

    bylines = Byline.objects.select_related("contributor").only(
        "article_id", "contributor__name", "position"
    )
    return (
        queryset.select_related("source")
        .prefetch_related(Prefetch("bylines", queryset=bylines))
        .only(
            "pk",
            "headline",
            "list_title",
            "kicker",
            "subheadline",
            "summary",
            "body",
            "source__name",
            "published_at",
        )
    )
