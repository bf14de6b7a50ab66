"""schema.org `ItemList` of a page's lead articles (home and topic pages)."""


def item_list(slots, request, name):
    return {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "name": name,
        "itemListOrder": "https://schema.org/ItemListOrderAscending",
        "numberOfItems": len(slots),
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "url": request.build_absolute_uri(slot.url),
                "name": slot.title,
            }
            for position, slot in enumerate(slots, start=1)
        ],
    }
