"""Files follow their rows: a deleted picture takes its file and its renditions' files with it,
once the deletion has committed (a rolled-back deletion keeps them)."""

from django.db.models.signals import post_delete

from .models import Image
from .services import delete_files_after_commit


def delete_files(sender, instance, **kwargs):
    names = [rendition["name"] for rendition in instance.renditions]
    original = instance.file.name
    # Pictures migrated from articles that shared one file: the others still show it.
    if original and not Image.objects.filter(file=original).exclude(pk=instance.pk).exists():
        names.append(original)
    delete_files_after_commit(instance.file.storage, names)


def connect():
    post_delete.connect(delete_files, sender=Image, dispatch_uid="pictures-delete-files")
