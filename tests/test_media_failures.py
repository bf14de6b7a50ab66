"""A media folder that takes no more (full, read-only, over quota): the editor gets a message
beside the file field, keeps the form, and no empty or truncated file is left behind.

The process's file-size limit (RLIMIT_FSIZE) makes every write past it fail with EFBIG, as a
full disk fails with ENOSPC: a real failure of the operating system in the middle of a write,
which permissions cannot give a test that runs as root."""

import io
import os
import resource
import signal
from contextlib import contextmanager

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PillowImage

from articles import roles
from articles.models import Contributor
from pictures.models import Image
from tests.factories import make_staff

pytestmark = pytest.mark.django_db

LIMIT = 16 * 1024
CKEDITOR_TOKEN = "k" * 40


@contextmanager
def media_folder_full():
    limits = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, limits[1]))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, limits)
        signal.signal(signal.SIGXFSZ, handler)


def noisy_jpeg():
    """A photo larger than the limit (noise does not compress)."""
    picture = PillowImage.frombytes("RGB", (200, 200), os.urandom(200 * 200 * 3))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=95)
    assert len(buffer.getvalue()) > LIMIT
    return buffer.getvalue()


def files_in(root):
    return sorted(path for path in root.rglob("*") if path.is_file())


@pytest.fixture
def editor(client):
    client.force_login(make_staff("editor", roles.EDITOR, is_superuser=True))


def test_a_contributor_photo_the_folder_cannot_take_is_a_message_beside_the_field(
    client, editor, settings
):
    photo = SimpleUploadedFile("photo.jpg", noisy_jpeg(), content_type="image/jpeg")
    with media_folder_full():
        response = client.post(
            reverse("admin:articles_contributor_add"),
            {"name": "胡弦", "bio": "长简介", "photo": photo},
        )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "media" in str(form.errors["photo"]) or "媒体" in str(form.errors["photo"])
    assert form["name"].value() == "胡弦" and form["bio"].value() == "长简介"
    assert not Contributor.objects.exists()
    assert files_in(settings.MEDIA_ROOT) == []


def test_a_library_picture_the_folder_cannot_take_leaves_no_file_and_no_row(
    client, editor, settings
):
    upload = SimpleUploadedFile("photo.jpg", noisy_jpeg(), content_type="image/jpeg")
    form = {"title": "竹叶山", "alt_text": "", "caption": "说明", "credit_text": "读者供图"}
    form |= {"taken_on": "", "focal_x": "0.5", "focal_y": "0.5", "file": upload}
    with media_folder_full():
        response = client.post(reverse("admin:pictures_image_add"), form)
    assert response.status_code == 200
    shown = response.context["adminform"].form
    assert shown.errors["file"] and shown["caption"].value() == "说明"
    assert not Image.objects.exists()
    assert files_in(settings.MEDIA_ROOT) == []


def test_a_body_image_the_folder_cannot_take_gets_ckeditor_s_error_and_leaves_nothing(
    client, editor, settings
):
    client.cookies["ckCsrfToken"] = CKEDITOR_TOKEN
    data = {"upload": SimpleUploadedFile("x.jpg", noisy_jpeg()), "ckCsrfToken": CKEDITOR_TOKEN}
    with media_folder_full():
        response = client.post("/ckeditor/upload/", data)
    assert response.status_code == 400
    assert "media" in response.json()["error"]["message"] or "媒体" in str(response.json())
    assert not Image.objects.exists()
    assert files_in(settings.MEDIA_ROOT) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_file_that_cannot_be_deleted_after_the_commit_does_not_fail_the_deletion(
    client, settings
):
    from django.contrib.contenttypes.models import ContentType

    from tests.factories import make_image

    # A transactional test may follow another that emptied the tables the migrations filled:
    # no group, and content types made again (the admin's log names the picture's).
    ContentType.objects.clear_cache()
    client.force_login(make_staff("chief", is_superuser=True))
    image = make_image("用完的图片")
    # Where the original was, a folder with something in it: removing it fails (ENOTEMPTY).
    original = settings.MEDIA_ROOT / image.file.name
    original.unlink()
    original.mkdir()
    (original / "kept").write_bytes(b"x")

    response = client.post(reverse("admin:pictures_image_delete", args=[image.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not Image.objects.filter(pk=image.pk).exists()
