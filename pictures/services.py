"""Actions on library pictures that span the picture, its renditions and the storage."""

import hashlib
import logging
from functools import partial
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q

from articles.signals import picture_changed

from . import renditions
from .models import Image

logger = logging.getLogger(__name__)


def renditions_key(image):
    """Names the renditions of this original and focal point, so new ones never overwrite the
    old ones (which caches and pages may still hold) and unchanged ones are not made again."""
    source = f"{image.file.name}|{image.focal_x:.4f}|{image.focal_y:.4f}|{renditions.VERSION}"
    return hashlib.sha256(source.encode()).hexdigest()[:12]


def rendition_name(image, key, output):
    stem = PurePath(image.file.name).stem
    extension = "jpg" if output.format == "jpeg" else output.format
    return (
        f"pictures/renditions/{stem}/{output.kind}-{output.width}x{output.height}-{key}.{extension}"
    )


def renditions_are_current(image):
    return image.renditions_key == renditions_key(image)


@transaction.atomic
def make_renditions(image, force=False):
    """Make every rendition of the picture and store their list with it; the files of the old
    ones are deleted once the transaction commits. Does nothing when they were made from this
    file and focal point already, unless `force`."""
    key = renditions_key(image)
    if image.renditions_key == key and image.renditions and not force:
        return False
    with image.file.open("rb") as original:
        data = original.read()
    made = []
    for output in renditions.render(data, (image.focal_x, image.focal_y)):
        name = default_storage.save(rendition_name(image, key, output), ContentFile(output.data))
        made.append(
            {
                "kind": output.kind,
                "format": output.format,
                "width": output.width,
                "height": output.height,
                "name": name,
                "size": len(output.data),
            }
        )
    replaced = [old["name"] for old in image.renditions]
    image.renditions, image.renditions_key = made, key
    Image.objects.filter(pk=image.pk).update(renditions=made, renditions_key=key)
    delete_files_after_commit(default_storage, replaced)
    # A bulk update sends no signal: the pages showing the picture change.
    picture_changed(image)
    return True


def delete_files_after_commit(storage, names):
    """Delete files once the transaction that stopped using them commits (never if it rolls
    back, when the rows still name them)."""
    names = [name for name in names if name]
    if names:
        # After the commit the change is made: a file that cannot go is logged and left unused,
        # never reported to the editor as a failed save.
        transaction.on_commit(partial(_delete_each, storage, names), robust=True)


def _delete_each(storage, names):
    for name in names:
        try:
            storage.delete(name)
        except OSError as error:
            logger.warning("Could not delete the unused file %s: %s", name, error)


@transaction.atomic
def save_image(image, user=None):
    """Store a picture (new or edited) and make its renditions if its file or focal point
    changed: when it is saved, never on a reader's request."""
    if image.pk is None and user is not None and image.created_by_id is None:
        image.created_by = user
    if not image.file._committed:
        image.width, image.height = image.file.width, image.file.height
    image.save()
    make_renditions(image)
    return image


def image_from_upload(uploaded_file, user, title=""):
    """A library picture from a file already checked and prepared by
    `articles.images.prepared_upload` (CKEditor's body image upload uses it)."""
    image = Image(file=uploaded_file, title=(title or PurePath(uploaded_file.name).stem)[:200])
    return save_image(image, user)


def published_bodies_showing(images):
    """Articles readers saw (live, scheduled or withdrawn) whose body shows one of `images`."""
    from articles.models import Article

    names = [image.file.name for image in images if image.file]
    if not names:
        return Article.objects.none()
    shown = Q()
    for name in names:
        shown |= Q(body__contains=name)
    return Article.objects.ever_published().filter(shown).only("pk", "headline", "list_title")
