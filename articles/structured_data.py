"""schema.org `NewsArticle` for an article page, built from what the page shows."""

from django.conf import settings
from django.utils import timezone

from pictures.structured_data import image_gallery, image_object

from .names import person_name

__all__ = ["image_gallery", "news_article"]


def _when(moment):
    return timezone.localtime(moment, timezone.get_default_timezone()).isoformat()


def _organization(name):
    return {"@type": "Organization", "name": name}


def news_article(article, request, url=None):
    url = url or request.build_absolute_uri(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": url,
        "url": url,
        "headline": article.headline,
        "articleSection": article.section.name,
        "publisher": _organization(settings.SITE_NAME),
        "author": [
            {
                "@type": "Person",
                "name": byline.contributor.name,
                "jobTitle": byline.role.name_zh,
                "url": request.build_absolute_uri(byline.contributor.get_absolute_url()),
                **(
                    {"affiliation": _organization(byline.contributor.affiliation.name)}
                    if byline.contributor.affiliation_id
                    else {}
                ),
            }
            for byline in article.bylines.all()
        ],
    }
    if article.subheadline:
        data["alternativeHeadline"] = article.subheadline
    if article.summary:
        data["description"] = article.summary
    if article.published_at:
        data["datePublished"] = _when(article.published_at)
    data["dateModified"] = _when(article.modified_at)
    if article.lead_image_id:
        caption = article.lead_image_caption or article.lead_image.caption
        data["image"] = [image_object(article.lead_image, request, caption)]
    keywords = [tag.name for tag in article.tags.all()]
    if keywords:
        data["keywords"] = keywords
    if article.responsible_editor_id:
        data["editor"] = {"@type": "Person", "name": person_name(article.responsible_editor)}
    notice = article.effective_notice()
    if notice:
        data["copyrightHolder"] = _organization(notice.holder.name)
        data["copyrightNotice"] = notice.text
    if article.source_id:
        data["sourceOrganization"] = _organization(article.source.name)
    if article.is_repost:
        original = {
            "@type": "CreativeWork",
            "name": article.original_title,
            "author": {"@type": "Person", "name": article.original_author},
            "publisher": _organization(article.source.name),
        }
        if article.original_url:
            original["url"] = article.original_url
        data["isBasedOn"] = original
    return data
