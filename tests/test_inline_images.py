"""An image pasted into a body as a `data:` URL follows the upload rules and is stored as a
library picture, or the save is refused with the reason; no `data:` image reaches a page."""

import base64
import io
import struct
import zlib

import pytest
from django.db import connection
from django.urls import reverse
from PIL import ExifTags, Image
from reversion.models import Version

from articles import roles
from articles.models import Article
from articles.sanitize import clean_html
from pictures.models import Image as LibraryImage
from tests.factories import change_form_data, make_article, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = make_staff("editor", roles.EDITOR)
    client.force_login(user)
    return user


def data_url(content, mime):
    return f"data:{mime};base64,{base64.b64encode(content).decode()}"


def photo_with_location():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update({1: "N", 2: (30.0, 35.0, 0.0), 3: "E"})
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "blue").save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def png_declaring(width, height):
    """A tiny PNG whose header declares `width`×`height` pixels (a decompression bomb)."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def save_body(client, article, body):
    url = reverse("admin:articles_article_change", args=[article.pk])
    return client.post(url, change_form_data(article, body=body), headers={"Accept-Language": "en"})


def stored_originals(media_root):
    return [p for p in media_root.rglob("*") if p.is_file() and "renditions" not in p.parts]


def test_a_pasted_photo_is_stored_as_a_library_picture_without_its_location(
    client, editor, media_in_a_temporary_folder
):
    article = make_article()
    pasted = data_url(photo_with_location(), "image/jpeg")
    response = save_body(client, article, f'<p>现场<img src="{pasted}" alt="现场照片"></p>')
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    picture = LibraryImage.objects.get()
    assert "data:" not in article.body
    assert f'src="{picture.file.url}"' in article.body
    assert (picture.title, picture.created_by) == ("现场照片", editor)
    (original,) = stored_originals(media_in_a_temporary_folder)
    assert b"PhoneMaker" not in original.read_bytes()
    with Image.open(original) as image:
        assert dict(image.getexif()) == {}
    assert all("data:" not in v.serialized_data for v in Version.objects.get_for_object(article))


def test_the_same_image_pasted_twice_is_stored_once(client, editor):
    article = make_article()
    pasted = data_url(photo_with_location(), "image/jpeg")
    body = f'<p><img src="{pasted}"></p><p><img src="{pasted}"></p>'
    assert save_body(client, article, body).status_code == 302
    article.refresh_from_db()
    picture = LibraryImage.objects.get()
    assert article.body.count(picture.file.url) == 2


@pytest.mark.parametrize(
    ("content", "mime", "reason"),
    [
        (png_declaring(20_000, 20_000), "image/png", "too large in pixels"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "image/svg+xml", "not an image"),
        (b"GIF89a not really", "image/gif", "not an image"),
    ],
)
def test_a_pasted_image_that_breaks_the_upload_rules_is_refused_with_the_reason(
    client, editor, media_in_a_temporary_folder, content, mime, reason
):
    article = make_article(body="<p>原文</p>")
    body = f'<p>新文<img src="{data_url(content, mime)}"></p>'
    response = save_body(client, article, body)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["body"]
    assert any(reason in error for error in errors), errors
    article.refresh_from_db()
    assert article.body == "<p>原文</p>"
    assert LibraryImage.objects.count() == 0
    assert stored_originals(media_in_a_temporary_folder) == []


def test_a_pasted_image_over_ten_megabytes_is_refused_before_it_is_decoded(client, editor):
    article = make_article(body="<p>原文</p>")
    huge = "data:image/png;base64," + "A" * (14 * 1024 * 1024)
    response = save_body(client, article, f'<p><img src="{huge}"></p>')
    assert response.status_code in {200, 400, 413}
    article.refresh_from_db()
    assert article.body == "<p>原文</p>"
    assert LibraryImage.objects.count() == 0


def test_a_body_shown_again_after_another_error_names_the_picture_already_stored(client, editor):
    article = make_article()
    pasted = data_url(photo_with_location(), "image/jpeg")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(article, body=f'<p><img src="{pasted}"></p>', headline="")
    response = client.post(url, data)
    assert response.status_code == 200
    shown = response.context["adminform"].form["body"].value()
    assert "data:" not in shown and LibraryImage.objects.get().file.url in shown
    assert client.post(url, {**data, "body": shown, "headline": "标题"}).status_code == 302
    assert LibraryImage.objects.count() == 1


@pytest.mark.parametrize(
    "markup",
    [
        '<p><img src="data:image/png;base64,iVBORw0KGgo=" alt="内嵌"></p>',
        '<p><img src="DATA:image/jpeg;base64,/9j/4AAQ"></p>',
        '<p><img src=" data:image/gif;base64,R0lGOD"></p>',
        '<p><a href="data:image/png;base64,iVBORw0KGgo=">图</a></p>',
    ],
)
def test_the_sanitizer_keeps_no_data_url(markup):
    cleaned = clean_html(markup)
    assert "data:" not in cleaned.lower()
    assert "<img" not in cleaned


def test_a_body_saved_outside_the_admin_keeps_no_data_image():
    article = make_article(body='<p>文<img src="data:image/png;base64,iVBORw0KGgo="></p>')
    article.refresh_from_db()
    assert article.body == "<p>文</p>"
    Article.objects.filter(pk=article.pk).update(body='<img src="data:image/png;base64,AAAA">')
    article.refresh_from_db()
    assert article.body == ""


def test_bodies_saved_before_the_rules_get_their_images_stored_by_a_command(
    media_in_a_temporary_folder,
):
    from io import StringIO

    from django.core.management import call_command

    article = make_article()
    photo = data_url(photo_with_location(), "image/jpeg")
    bomb = data_url(png_declaring(20_000, 20_000), "image/png")
    # As bodies were stored before the sanitizer dropped data: URLs (no cleaning on the way).
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Article._meta.db_table} SET body = %s WHERE id = %s",
            [f'<p><img src="{photo}"><img src="{bomb}"></p>', article.pk],
        )
    out, err = StringIO(), StringIO()
    call_command("store_inline_images", stdout=out, stderr=err)
    article.refresh_from_db()
    picture = LibraryImage.objects.get()
    assert article.body == f'<p><img alt="" src="{picture.file.url}"></p>'
    assert "too large in pixels" in err.getvalue() or "像素" in err.getvalue()
    assert "1 article" in out.getvalue()


def test_an_image_pasted_into_a_site_page_is_stored_as_a_library_picture(client):
    from django.contrib.auth import get_user_model

    from articles.models import SitePage

    admin_user = get_user_model().objects.create_superuser("root", "root@example.cn", "pw")
    client.force_login(admin_user)
    pasted = data_url(photo_with_location(), "image/jpeg")
    response = client.post(
        reverse("admin:articles_sitepage_add"),
        {"title": "关于我们", "slug": "about-us", "body": f'<p><img src="{pasted}"></p>'},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    picture = LibraryImage.objects.get()
    assert picture.created_by == admin_user
    assert SitePage.objects.get(slug="about-us").body == (
        f'<p><img alt="" src="{picture.file.url}"></p>'
    )
