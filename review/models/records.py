"""What review leaves on record: where an article stands, sign-offs, pending changes, the
acknowledged sensitive-word hits."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from reversion.models import Revision

from articles.models import Article, Transition

from .chains import Stage


class ReviewState(models.Model):
    """The stage an article in review waits at, and since when."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="review_state"
    )
    # A stage deleted (or a chain changed) under a waiting article sends it to the first stage
    # of the chain that applies now, never past a stage.
    stage = models.ForeignKey(
        Stage, verbose_name=_("stage"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    since = models.DateTimeField(_("waiting since"), default=timezone.now)

    class Meta:
        verbose_name = _("review state")
        verbose_name_plural = _("review states")
        indexes = [models.Index(fields=["stage", "since"], name="review_state_stage_since")]

    def __str__(self):
        return f"{self.article_id} · {self.stage}"


class SignOff(models.Model):
    """签发: who signed off which revision of the article, when."""

    class What(models.TextChoices):
        PUBLISH = "publish", _("publication")
        SCHEDULE = "schedule", _("scheduled publication")
        CHANGES = "changes", _("changes to the published article")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="sign_offs"
    )
    what = models.CharField(_("signed off"), max_length=20, choices=What.choices)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed off at"), default=timezone.now)
    revision = models.ForeignKey(
        Revision,
        verbose_name=_("revision"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    transition = models.OneToOneField(
        Transition, verbose_name=_("log entry"), on_delete=models.CASCADE, related_name="sign_off"
    )

    class Meta:
        verbose_name = _("sign-off (签发)")
        verbose_name_plural = _("sign-offs (签发)")
        ordering = ["-signed_at", "-pk"]
        indexes = [models.Index(fields=["article", "-signed_at"], name="signoff_article_at")]

    def __str__(self):
        return f"{self.get_what_display()} · {self.article_id}"


class PendingRevision(models.Model):
    """Edits to a published article that wait for sign-off. Readers keep the live text; the
    pending text is a revision (article, bylines and tags) that sign-off brings live."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="pending_revision"
    )
    revision = models.ForeignKey(
        Revision, verbose_name=_("pending changes"), on_delete=models.PROTECT, related_name="+"
    )
    live_revision = models.ForeignKey(
        Revision,
        verbose_name=_("live version"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("pending changes")
        verbose_name_plural = _("pending changes")

    def __str__(self):
        return str(self.article_id)


class Acknowledgement(models.Model):
    """A review-level sensitive-word hit a reviewer looked at and let pass, with the step."""

    transition = models.ForeignKey(
        Transition,
        verbose_name=_("log entry"),
        on_delete=models.CASCADE,
        related_name="acknowledgements",
    )
    word = models.CharField(_("word"), max_length=100)
    category = models.CharField(_("category"), max_length=50, blank=True)
    field = models.CharField(_("field"), max_length=100)
    context = models.CharField(_("context"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("acknowledged word")
        verbose_name_plural = _("acknowledged words")
        ordering = ["pk"]

    def __str__(self):
        return self.word
