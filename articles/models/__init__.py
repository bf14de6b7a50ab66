from .article import Article, ArticleQuerySet, Byline
from .outlets import CopyrightNotice, SourceOutlet
from .people import BylineRole, Contributor
from .sections import Section, SectionQuerySet
from .site_pages import SitePage
from .tags import TaggedArticle
from .workflow import Correction, Transition

__all__ = [
    "Article",
    "ArticleQuerySet",
    "Byline",
    "BylineRole",
    "Contributor",
    "Correction",
    "CopyrightNotice",
    "Section",
    "SitePage",
    "SectionQuerySet",
    "SourceOutlet",
    "TaggedArticle",
    "Transition",
]
