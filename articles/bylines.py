"""The byline as a Chinese newsroom writes it: `湖北日报全媒记者 胡弦 实习生 吴佳怡`."""

from dataclasses import dataclass, field


@dataclass
class RoleCredit:
    role: object
    contributors: list = field(default_factory=list)


@dataclass
class AffiliationCredit:
    affiliation: object
    roles: list = field(default_factory=list)

    @property
    def prefix(self):
        if self.affiliation is None:
            return ""
        return self.affiliation.short_name or self.affiliation.name


def group_bylines(bylines):
    """Group ordered bylines for printing.

    Consecutive bylines of one affiliation share one affiliation prefix; inside it, consecutive
    bylines of one role share the role, so `记者 张三 李四` names the role once. The printed
    order is the bylines' order, so nothing is reordered to merge groups.
    """
    groups = []
    for byline in bylines:
        affiliation = byline.contributor.affiliation
        affiliation_id = byline.contributor.affiliation_id
        if not groups or _affiliation_id(groups[-1]) != affiliation_id:
            groups.append(AffiliationCredit(affiliation))
        roles = groups[-1].roles
        if not roles or roles[-1].role.pk != byline.role_id:
            roles.append(RoleCredit(byline.role))
        roles[-1].contributors.append(byline.contributor)
    return groups


def _affiliation_id(group):
    return group.affiliation.pk if group.affiliation is not None else None


def byline_parts(bylines):
    """The byline as printed, in parts separated by a space: (label, contributors), the label
    being the role, after the affiliation for the first role of each affiliation."""
    return [
        ((group.prefix if index == 0 else "") + credit.role.name_zh, credit.contributors)
        for group in group_bylines(bylines)
        for index, credit in enumerate(group.roles)
    ]


def byline_text(bylines):
    """The byline as one line of plain text, for feeds and structured data."""
    return " ".join(
        " ".join([label, *(c.name for c in contributors)])
        for label, contributors in byline_parts(bylines)
    )


def roles_of(article, contributor):
    """The roles `contributor` had on `article`, from its prefetched bylines."""
    return [b.role for b in article.bylines.all() if b.contributor_id == contributor.pk]
