"""schema.org ImageObject and ImageGallery for pictures on a page."""

from .credits import credit_name


def _absolute(request, url):
    return request.build_absolute_uri(url)


def image_object(image, request, caption="", kind="og"):
    """The picture as an ImageObject: the 1200×630 sharing crop with its size (the original
    until renditions are made), with caption, credit and copyright."""
    made = image.renditions_of(kind, "jpeg")
    chosen = made[-1] if made else None
    data = {
        "@type": "ImageObject",
        "url": _absolute(request, chosen.url if chosen else image.file.url),
        "width": chosen.width if chosen else image.width,
        "height": chosen.height if chosen else image.height,
    }
    if caption or image.caption:
        data["caption"] = caption or image.caption
    credit = credit_name(image)
    if credit:
        data["creditText"] = credit
    if image.copyright_holder_id:
        data["copyrightHolder"] = {"@type": "Organization", "name": image.copyright_holder.name}
    return data


def image_gallery(article, gallery, request):
    url = request.build_absolute_uri(article.get_absolute_url())
    return {
        "@context": "https://schema.org",
        "@type": "ImageGallery",
        "name": article.headline,
        "url": url,
        "image": [
            {
                **image_object(picture.image, request, picture.shown_caption, kind="width"),
                "position": position,
            }
            for position, picture in enumerate(gallery, start=1)
        ],
    }
