from .article import Article, ArticleQuerySet, Byline
from .imports import ImportRecord
from .outlets import CopyrightNotice, SourceOutlet
from .people import BylineRole, Contributor
from .sections import Section, SectionQuerySet

__all__ = [
    "Article",
    "ArticleQuerySet",
    "Byline",
    "BylineRole",
    "Contributor",
    "CopyrightNotice",
    "ImportRecord",
    "Section",
    "SectionQuerySet",
    "SourceOutlet",
]
