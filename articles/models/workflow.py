from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .article import Article


class Transition(models.Model):
    """One entry of an article's workflow log: who did what, when, from which state to which."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("submitted for review")
        PASS = "pass", _("passed to the next stage")
        RETURN = "return", _("returned to the author")
        PUBLISH = "publish", _("published")
        SCHEDULE = "schedule", _("scheduled")
        RESCHEDULE = "reschedule", _("rescheduled")
        WITHDRAW = "withdraw", _("withdrawn")
        REPUBLISH = "republish", _("republished")
        CORRECT = "correct", _("corrected")
        RESTORE = "restore", _("restored a revision")
        PROPOSE = "propose", _("changes proposed for sign-off")
        APPROVE_CHANGES = "approve_changes", _("changes signed off")
        DISCARD_CHANGES = "discard_changes", _("changes returned")
        FAST_FIX = "fast_fix", _("fast fix")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="transitions"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    from_state = models.CharField(_("from"), max_length=20, choices=Article.Status.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=Article.Status.choices)
    note = models.TextField(_("note"), blank=True)
    # The review stage the step was taken at (初审, 复审…), as it was named then.
    stage = models.CharField(_("stage"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("workflow log entry")
        verbose_name_plural = _("workflow log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["article", "-at"], name="transition_article_at")]

    def __str__(self):
        return f"{self.get_action_display()} · {self.article_id}"


class Correction(models.Model):
    """A correction attached to a published article, shown to readers with its time."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="corrections"
    )
    text = models.TextField(_("correction"))
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:60]
