from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..normalize import normalize_word


class SensitiveWord(models.Model):
    """A word the machine check looks for in everything readers see."""

    class Level(models.TextChoices):
        BLOCK = "block", _("block: refuses sign-off")
        REVIEW = "review", _("review: each reviewer acknowledges it")
        NOTE = "note", _("note: shown, nothing required")

    word = models.CharField(_("word"), max_length=100)
    normalized = models.CharField(_("as matched"), max_length=100, unique=True, editable=False)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    category = models.CharField(_("category"), max_length=50, blank=True)
    replacement = models.CharField(_("replacement hint"), max_length=100, blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("sensitive word")
        verbose_name_plural = _("sensitive words")
        ordering = ["level", "category", "word"]
        indexes = [models.Index(fields=["-updated_at"], name="sensitive_word_updated")]

    def __str__(self):
        return self.word

    def save(self, *args, **kwargs):
        self.normalized = normalize_word(self.word)
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        normalized = normalize_word(self.word)
        if not normalized:
            raise ValidationError({"word": _("The word has no letters or characters to match.")})
        clash = SensitiveWord.objects.filter(normalized=normalized).exclude(pk=self.pk).first()
        if clash:
            raise ValidationError(
                {
                    "word": _("“%(other)s” is already on the list and matches the same text.")
                    % {"other": clash.word}
                }
            )
