"""Which chain applies to an article, which stage it waits at, and who may act there.

Answers are kept on the article and user objects for the request (the admin asks several times
per page); a new request loads new objects, so they are never stale.
"""

from django.db.models import Prefetch, Q

from articles.models import Section
from articles.models.sections import PATH_SEPARATOR

from .models import ReviewChain, Reviewer, ReviewState, Stage


def chain_of(article):
    """The chain for the article's section, its stages and reviewers loaded (None: no chain)."""
    cache = article.__dict__.setdefault("_review", {})
    if cache.get("section_id") != article.section_id:
        chain = ReviewChain.objects.for_section(article.section)
        stages = []
        if chain is not None:
            reviewers = Reviewer.objects.prefetch_related(
                Prefetch("sections", queryset=Section.objects.only("path"))
            )
            stages = list(chain.stages.prefetch_related(Prefetch("reviewers", queryset=reviewers)))
        cache.clear()
        cache.update(section_id=article.section_id, chain=chain, stages=stages)
    return cache["chain"], cache["stages"]


def stages_of(article):
    return chain_of(article)[1]


def current_stage(article):
    """The stage an article in review waits at: its recorded stage when that belongs to the chain
    that applies now, else the chain's first stage (never a later one)."""
    stages = stages_of(article)
    if not stages:
        return None
    cache = article.__dict__["_review"]
    if "stage_id" not in cache:
        state = ReviewState.objects.filter(article_id=article.pk).values_list("stage_id")
        cache["stage_id"] = next(iter(state), (None,))[0]
    by_id = {stage.pk: stage for stage in stages}
    return by_id.get(cache["stage_id"], stages[0])


def forget(article):
    """Drop what was worked out for the article (after a step moved it)."""
    article.__dict__.pop("_review", None)


def next_stage(article, stage):
    stages = stages_of(article)
    index = stages.index(stage)
    return stages[index + 1] if index + 1 < len(stages) else None


def last_stage(article):
    stages = stages_of(article)
    return stages[-1] if stages else None


def group_ids(user):
    known = user.__dict__.get("_review_group_ids")
    if known is None:
        known = user.__dict__["_review_group_ids"] = set(user.groups.values_list("pk", flat=True))
    return known


def acts_at(user, stage, article):
    """Whether the user is one of the stage's reviewers for the article's section."""
    if stage is None or not user.is_active:
        return False
    if user.is_superuser:
        return True
    path = article.section.path
    for reviewer in stage.reviewers.all():
        if reviewer.user_id != user.pk and reviewer.group_id not in group_ids(user):
            continue
        scope = reviewer.sections.all()
        if not scope or any(_within(path, section.path) for section in scope):
            return True
    return False


def _within(path, ancestor):
    return path == ancestor or path.startswith(ancestor + PATH_SEPARATOR)


def waiting_for(user):
    """A filter for articles in review waiting at a stage where the user acts (for lists): a
    fixed number of queries whatever the number of stages and sections. An article in review
    with no recorded stage (loaded from a fixture, or its stage deleted) waits at a first stage.
    """
    if user.is_superuser:
        return Q(status="in_review")
    reviewers = Reviewer.objects.filter(Q(user=user) | Q(group__in=group_ids(user)))
    reviewers = reviewers.select_related("stage").prefetch_related(
        Prefetch("sections", queryset=Section.objects.only("path"))
    )
    first = {}
    for stage_id, chain_id in Stage.objects.order_by("position", "pk").values_list("pk", "chain"):
        first.setdefault(chain_id, stage_id)
    unrecorded = Q(review_state__isnull=True) | Q(review_state__stage__isnull=True)
    condition = Q(pk__in=[])
    for reviewer in reviewers:
        here = Q(review_state__stage_id=reviewer.stage_id)
        if first.get(reviewer.stage.chain_id) == reviewer.stage_id:
            here |= unrecorded
        scope = reviewer.sections.all()
        if scope:
            paths = Q()
            for section in scope:
                paths |= Q(section__path=section.path) | Q(
                    section__path__startswith=section.path + PATH_SEPARATOR
                )
            here &= paths
        condition |= here
    return condition


def signer_stages():
    """The last stage of every chain."""
    last = {}
    for stage in Stage.objects.order_by("chain_id", "position", "pk"):
        last[stage.chain_id] = stage
    return list(last.values())


def could_publish_alone(user):
    """Whether the user acts at every stage of some chain (for the add form's buttons; the step
    itself is judged on the saved article's section)."""
    if user.is_superuser:
        return True
    reviewers = Reviewer.objects.filter(Q(user=user) | Q(group__in=group_ids(user)))
    mine = set(reviewers.values_list("stage_id", flat=True))
    by_chain = {}
    for stage_id, chain_id in Stage.objects.values_list("pk", "chain_id"):
        by_chain.setdefault(chain_id, set()).add(stage_id)
    return any(stages <= mine for stages in by_chain.values())


def signs_off_somewhere(user):
    if user.is_superuser:
        return True
    last = {stage.pk for stage in signer_stages()}
    return Reviewer.objects.filter(
        Q(user=user) | Q(group__in=group_ids(user)), stage_id__in=last
    ).exists()
