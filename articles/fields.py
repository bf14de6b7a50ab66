from django.db import models

from .images import ImageUploadField, validate_image_upload
from .sanitize import clean_html


class SanitizedHTMLField(models.TextField):
    """A TextField whose value is reduced to the sanitizer's allowlist on the way to the database.

    Cleaning in `get_prep_value` covers every path that writes the column: model saves, raw saves
    from fixtures, `QuerySet.update()` and `bulk_create()`. The column itself is a plain text column.
    """

    def pre_save(self, model_instance, add):
        value = clean_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return clean_html(value) if isinstance(value, str) else value


class CheckedImageField(models.ImageField):
    """An ImageField that applies the upload rules of `articles/images.py` in every form (its
    form field) and in model validation (its validator), wherever it is declared."""

    default_validators = [validate_image_upload]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadField, **kwargs})
