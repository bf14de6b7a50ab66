import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.multipartparser import MultiPartParser
from PIL import Image

from articles import roles
from articles.uploads import lead_image_path
from tests.factories import make_staff

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/ckeditor/upload/"
CKEDITOR_TOKEN = "k" * 40


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root):
    return sorted(p for p in root.rglob("*") if p.is_file())


def png_bytes(size=(20, 10)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, format="PNG")
    return buffer.getvalue()


def upload(client, name, content, token=CKEDITOR_TOKEN, **params):
    """Post as CKEditor does: its double-submit token in a cookie and in the form."""
    query = "?CKEditorFuncNum=1" if params.get("func") else ""
    client.cookies["ckCsrfToken"] = CKEDITOR_TOKEN
    data = {"upload": SimpleUploadedFile(name, content), "ckCsrfToken": token}
    return client.post(UPLOAD_URL + query, data)


def test_staff_upload_of_a_real_image_is_stored_under_an_unguessable_name(client, media_root):
    client.force_login(make_staff("editor", roles.EDITOR))
    response = upload(client, "武汉 photo.png", png_bytes())
    assert response.status_code == 200
    url = response.json()["url"]
    assert url.endswith(".png") and "photo" not in url
    assert len(url.rsplit("/", 1)[1]) >= 24
    assert any(p.suffix == ".png" for p in stored_files(media_root))


def test_image_is_named_by_its_real_format_not_the_name_sent(client):
    client.force_login(make_staff("editor", roles.EDITOR))
    response = upload(client, "trick.html", png_bytes())
    assert response.json()["url"].endswith(".png")


def test_non_image_renamed_jpg_is_refused_with_a_message(client, media_root):
    client.force_login(make_staff("editor", roles.EDITOR))
    response = upload(client, "evil.jpg", b"<html><script>alert(1)</script></html>")
    assert response.status_code == 400
    assert "not an image" in response.json()["error"]["message"].lower() or "图" in str(
        response.json()
    )
    assert stored_files(media_root) == []


def test_svg_with_script_is_refused(client, media_root):
    client.force_login(make_staff("editor", roles.EDITOR))
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
    )
    response = upload(client, "x.svg", svg, func=True)
    assert response.status_code == 400
    assert b"callFunction(1" in response.content
    assert stored_files(media_root) == []


def test_decompression_bomb_is_refused(client, media_root, monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)
    client.force_login(make_staff("editor", roles.EDITOR))
    response = upload(client, "bomb.png", png_bytes((200, 200)))
    assert response.status_code == 400
    assert stored_files(media_root) == []


def test_anonymous_upload_is_refused(client, media_root):
    response = upload(client, "a.png", png_bytes())
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert stored_files(media_root) == []


def test_cross_site_upload_is_refused(client, media_root):
    client.force_login(make_staff("editor", roles.EDITOR))
    response = client.post(
        UPLOAD_URL,
        {"upload": SimpleUploadedFile("a.png", png_bytes())},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 400
    assert stored_files(media_root) == []


def test_upload_without_ckeditors_token_is_refused(client, media_root):
    client.force_login(make_staff("editor", roles.EDITOR))
    response = upload(
        client, "a.png", png_bytes(), token="another-token-of-forty-characters-......"
    )
    assert response.status_code == 400
    assert stored_files(media_root) == []


def test_fifty_megabyte_file_is_refused_before_its_body_is_read(client, media_root, monkeypatch):
    def parse(self):
        raise AssertionError("the oversized body was parsed")

    monkeypatch.setattr(MultiPartParser, "parse", parse)
    client.force_login(make_staff("editor", roles.EDITOR))
    response = upload(client, "big.jpg", b"\xff" * (50 * 1024 * 1024))
    assert response.status_code == 400
    assert "10 MB" in response.json()["error"]["message"]
    assert stored_files(media_root) == []


def test_file_larger_than_the_limit_inside_a_small_request_is_refused(client, media_root):
    client.force_login(make_staff("editor", roles.EDITOR))
    response = upload(client, "big.png", png_bytes() + b"\0" * (10 * 1024 * 1024 + 1))
    assert response.status_code == 400
    assert "10 MB" in response.json()["error"]["message"]
    assert stored_files(media_root) == []


def test_file_name_climbing_out_of_the_media_folder_is_stored_inside_it(client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(make_staff("editor", roles.EDITOR))
    response = upload(client, "../../../etc/evil.png", png_bytes())
    assert response.status_code == 200
    files = stored_files(tmp_path)
    assert files
    assert all(path.is_relative_to(tmp_path / "media" / "uploads") for path in files)
    assert not any("evil" in path.name or ".." in path.parts for path in files)


def test_lead_image_name_keeps_no_folder_from_the_name_sent():
    path = lead_image_path(None, "../../etc/passwd/../evil.png")
    assert ".." not in path and "evil" not in path and "etc" not in path
    assert path.startswith("lead/") and path.endswith(".png")
