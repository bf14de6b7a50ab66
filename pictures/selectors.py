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
