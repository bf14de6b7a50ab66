"""Shared builders for review tests: chains, people at stages, articles at a state and stage."""

from datetime import timedelta

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from articles import revisions, roles
from articles.models import Article
from review.models import ChainSection, ReviewChain, Reviewer, ReviewState, Stage
from tests.factories import make_article, make_section, make_staff

S = Article.Status
DESK_HEAD = "部门主任"
DESK_HEAD_PERMISSIONS = ("add_article", "change_article", "view_article", "view_section")


def desk_head_group():
    group, created = Group.objects.get_or_create(name=DESK_HEAD)
    if created:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="articles", codename__in=DESK_HEAD_PERMISSIONS
            )
        )
    return group


def three_stage_chain(section, name="三审"):
    """初审 by the editors, 复审 by the desk heads, 终审 (签发) by the editors-in-chief."""
    chain = ReviewChain.objects.create(name=name)
    ChainSection.objects.create(chain=chain, section=section)
    stages = []
    for position, (stage_name, group) in enumerate(
        [
            ("初审", Group.objects.get(name=roles.EDITOR)),
            ("复审", desk_head_group()),
            ("终审", Group.objects.get(name=roles.EDITOR_IN_CHIEF)),
        ],
        start=1,
    ):
        stage = Stage.objects.create(chain=chain, position=position, name=stage_name)
        Reviewer.objects.create(stage=stage, group=group)
        stages.append(stage)
    return chain, stages


STATE_SETUP = {
    "draft": (S.DRAFT, None, None),
    "in_review": (S.IN_REVIEW, None, 0),
    "first": (S.IN_REVIEW, None, 0),
    "second": (S.IN_REVIEW, None, 1),
    "last": (S.IN_REVIEW, None, 2),
    "scheduled": (S.PUBLISHED, timedelta(days=1), None),
    "published": (S.PUBLISHED, -timedelta(hours=1), None),
    "withdrawn": (S.WITHDRAWN, -timedelta(days=1), None),
}


def article_in_state(state, section, author, stages=None, **fields):
    status, offset, stage_index = STATE_SETUP[state]
    published_at = timezone.now() + offset if offset is not None else None
    article = make_article(
        section=section,
        status=status,
        published_at=published_at,
        created_by=author,
        headline=fields.pop("headline", "最初的标题"),
        **fields,
    )
    if stage_index is not None and stages:
        ReviewState.objects.create(article=article, stage=stages[stage_index])
    revisions.record(article, author, "first version")
    return article


def staff(username, *group_names, **fields):
    user = make_staff(username, **fields)
    for name in group_names:
        user.groups.add(Group.objects.get(name=name))
    return user


def new_section(**fields):
    return make_section(**fields)
