"""The pictures a page shows, read in a fixed number of queries whatever their number."""


def article_gallery(article):
    """The article's gallery with each picture's credit: one query, none when the article's
    query said it has no gallery (`has_gallery`, see ArticleQuerySet.with_lead_image)."""
    if not getattr(article, "has_gallery", True):
        return []
    return list(
        article.gallery.select_related(
            "image__credit_contributor", "image__credit_role", "image__copyright_holder"
        )
    )


def reader_texts(article):
    """(label, text) for what readers see of the article's pictures: the lead picture's caption,
    alt text and credit line, and each gallery picture's (for the sensitive-word check). No
    query for the gallery when the caller knows there is none (`has_gallery`, as above)."""
    from django.utils.translation import gettext as _

    from .credits import credit_line

    shown = []
    if article.lead_image_id:
        shown.append((article.lead_image, article.lead_image.caption))
    if article.pk and getattr(article, "has_gallery", True):
        for picture in article.gallery.select_related(
            "image__credit_contributor", "image__credit_role"
        ):
            shown.append((picture.image, picture.shown_caption))
    texts = []
    for image, caption in shown:
        texts += [
            (_("caption"), caption),
            (_("alt text"), image.alt_text),
            (_("credit"), credit_line(image)),
        ]
    return [(label, text) for label, text in texts if text]
