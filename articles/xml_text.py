"""Text for XML documents (feeds, sitemaps).

XML 1.0 cannot carry most control characters, which an imported or pasted headline may contain:
Django's feed writer then fails the whole feed, and a sitemap would no longer parse. They carry
no meaning in a title or summary, so they are dropped on the way out.
"""

import re

XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_text(value):
    return XML_INVALID.sub("", value) if isinstance(value, str) else value
