import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.multipartparser import MultiPartParser
from PIL import ExifTags, Image, ImageCms

from articles import images, roles
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


def test_a_callback_number_that_is_not_a_number_is_refused_before_any_script_is_written(
    client, media_root
):
    client.force_login(make_staff("editor", roles.EDITOR))
    client.cookies["ckCsrfToken"] = CKEDITOR_TOKEN
    data = {"upload": SimpleUploadedFile("x.png", png_bytes()), "ckCsrfToken": CKEDITOR_TOKEN}
    response = client.post(UPLOAD_URL + "?CKEditorFuncNum=1);alert(document.domain);//", data)
    assert response.status_code == 400
    assert b"alert" not in response.content
    assert "malformed" in response.json()["error"]["message"] or "格式" in str(response.json())
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


def raw_multipart(file_name, content, token=CKEDITOR_TOKEN):
    """A multipart body sent as a browser would, with the file name exactly as given.

    Django's test client and UploadedFile both strip folders from names, so this is built by hand.
    """
    boundary = "newsroom-test-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="ckCsrfToken"\r\n\r\n{token}\r\n'.encode(),
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="upload"; '
            f'filename="{file_name}"\r\nContent-Type: image/png\r\n\r\n'
        ).encode()
        + content
        + b"\r\n",
        f"--{boundary}--\r\n".encode(),
    ]
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize(
    "file_name", ["../../../etc/evil.png", "..\\..\\evil.png", "uploads/evil.png", "..%2Fevil.png"]
)
def test_file_name_with_a_folder_or_parent_is_refused_and_nothing_stored(
    client, tmp_path, settings, file_name
):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(make_staff("editor", roles.EDITOR))
    client.cookies["ckCsrfToken"] = CKEDITOR_TOKEN
    body, content_type = raw_multipart(file_name, png_bytes())
    response = client.generic("POST", UPLOAD_URL, body, content_type=content_type)
    assert response.status_code == 400
    assert "../" in response.json()["error"]["message"]
    assert stored_files(tmp_path) == []


def test_plain_file_name_sent_raw_is_accepted(client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(make_staff("editor", roles.EDITOR))
    client.cookies["ckCsrfToken"] = CKEDITOR_TOKEN
    body, content_type = raw_multipart("武汉 现场.png", png_bytes())
    response = client.generic("POST", UPLOAD_URL, body, content_type=content_type)
    assert response.status_code == 200
    assert all(p.is_relative_to(tmp_path / "media" / "pictures") for p in stored_files(tmp_path))


def test_image_over_the_pixel_limit_is_refused_even_below_pillows_own(
    client, media_root, monkeypatch
):
    monkeypatch.setattr(images, "MAX_UPLOAD_PIXELS", 199)
    client.force_login(make_staff("editor", roles.EDITOR))
    response = upload(client, "wide.png", png_bytes((20, 10)))
    assert response.status_code == 400
    assert stored_files(media_root) == []


def test_an_intern_cannot_browse_uploaded_images(client):
    client.force_login(make_staff("intern", roles.INTERN))
    assert client.get("/ckeditor/browse/").status_code == 403
    client.force_login(make_staff("editor", roles.EDITOR))
    assert client.get("/ckeditor/browse/").status_code == 200


@pytest.mark.parametrize("content", [b"<svg onload=alert(1)></svg>", b"\xff" * (11 * 1024 * 1024)])
def test_image_fields_of_the_admin_follow_the_same_rules(client, media_root, content):
    client.force_login(make_staff("editor", roles.EDITOR))
    response = client.post(
        "/admin/articles/contributor/add/",
        {"name": "某某", "bio": "", "photo": SimpleUploadedFile("p.png", content)},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["photo"]
    assert stored_files(media_root) == []


def test_admin_image_field_refuses_a_bomb(client, media_root, monkeypatch):
    monkeypatch.setattr(images, "MAX_UPLOAD_PIXELS", 199)
    client.force_login(make_staff("editor", roles.EDITOR))
    response = client.post(
        "/admin/articles/contributor/add/",
        {"name": "某某", "bio": "", "photo": SimpleUploadedFile("p.png", png_bytes((20, 10)))},
    )
    assert response.status_code == 200
    assert "pixels" in str(response.context["adminform"].form.errors["photo"]) or "像素" in str(
        response.context["adminform"].form.errors["photo"]
    )
    assert stored_files(media_root) == []


def test_lead_image_name_keeps_no_folder_from_the_name_sent():
    path = lead_image_path(None, "../../etc/passwd/../evil.png")
    assert ".." not in path and "evil" not in path and "etc" not in path
    assert path.startswith("lead/") and path.endswith(".png")


CONTRIBUTOR_ADD = "/admin/articles/contributor/add/"


def admin_multipart(file_name, content):
    """The contributor form with a photo, the file name exactly as given (see raw_multipart)."""
    boundary = "newsroom-admin-boundary"
    fields = "".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in {"name": "某某", "bio": ""}.items()
    ).encode()
    photo = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="photo"; '
        f'filename="{file_name}"\r\nContent-Type: image/png\r\n\r\n'
    ).encode()
    body = fields + photo + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize("file_name", ["../../../etc/evil.png", "..\\evil.png", "a/evil.png"])
def test_admin_upload_whose_name_holds_a_folder_is_refused_and_nothing_stored(
    client, media_root, file_name
):
    from articles.models import Contributor

    client.force_login(make_staff("editor", roles.EDITOR))
    body, content_type = admin_multipart(file_name, png_bytes())
    response = client.generic("POST", CONTRIBUTOR_ADD, body, content_type=content_type)
    assert response.status_code == 400
    assert "../" in response.content.decode()
    assert stored_files(media_root) == [] and not Contributor.objects.exists()
    body, content_type = admin_multipart("evil.png", png_bytes())
    assert (
        client.generic("POST", CONTRIBUTOR_ADD, body, content_type=content_type).status_code == 302
    )


def test_a_request_far_beyond_any_upload_is_refused_before_it_is_parsed(
    client, media_root, monkeypatch
):
    def parse(self):
        raise AssertionError("the oversized body was parsed")

    monkeypatch.setattr(MultiPartParser, "parse", parse)
    client.force_login(make_staff("editor", roles.EDITOR))
    body, content_type = admin_multipart("big.png", b"\xff" * (50 * 1024 * 1024))
    response = client.generic("POST", CONTRIBUTOR_ADD, body, content_type=content_type)
    assert response.status_code == 413
    assert "32 MB" in response.content.decode()
    assert stored_files(media_root) == []


def photo_errors(client, content, name="p.png"):
    response = client.post(
        CONTRIBUTOR_ADD,
        {"name": "某某", "bio": "", "photo": SimpleUploadedFile(name, content)},
        headers={"accept-language": "en"},
    )
    assert response.status_code == 200
    return " ".join(response.context["adminform"].form.errors["photo"])


def test_admin_image_fields_say_why_a_bomb_or_an_oversized_file_is_refused(
    client, media_root, monkeypatch
):
    client.force_login(make_staff("editor", roles.EDITOR))
    assert "10 MB" in photo_errors(client, png_bytes() + b"\0" * (11 * 1024 * 1024))
    # Pillow's own bomb check: an error from twice its limit on.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)
    assert "too large in pixels" in photo_errors(client, png_bytes((30, 10)))
    assert stored_files(media_root) == []


def test_admin_image_is_stored_under_its_real_format_not_the_suffix_sent(client, media_root):
    from articles.models import Contributor

    client.force_login(make_staff("editor", roles.EDITOR))
    client.post(
        CONTRIBUTOR_ADD,
        {"name": "某某", "bio": "", "photo": SimpleUploadedFile("photo.gif", png_bytes())},
    )
    (stored,) = stored_files(media_root)
    assert stored.suffix == ".png"
    assert Contributor.objects.get().photo.name.endswith(".png")


def jpeg_with_location(size=(40, 20), orientation=1):
    """A phone photo: its EXIF names the camera and where it was taken."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = orientation
    exif.get_ifd(ExifTags.IFD.GPSInfo).update({1: "N", 2: (30.0, 35.0, 0.0), 3: "E"})
    buffer = io.BytesIO()
    Image.new("RGB", size, "blue").save(buffer, format="JPEG", exif=exif, quality=90)
    return buffer.getvalue()


def stored_image(root):
    """The stored original (not one of its renditions)."""
    (path,) = [p for p in stored_files(root) if "renditions" not in p.parts]
    return Image.open(path)


@pytest.mark.parametrize("where", ["ckeditor", "admin"])
def test_a_photos_location_and_camera_are_not_stored(client, media_root, where):
    client.force_login(make_staff("editor", roles.EDITOR))
    photo = jpeg_with_location()
    assert b"PhoneMaker" in photo
    if where == "ckeditor":
        assert upload(client, "photo.jpg", photo).status_code == 200
    else:
        client.post(
            CONTRIBUTOR_ADD,
            {"name": "某某", "bio": "", "photo": SimpleUploadedFile("p.jpg", photo)},
        )
    with stored_image(media_root) as image:
        assert (image.format, image.size) == ("JPEG", (40, 20))
        assert dict(image.getexif()) == {}
    assert all(b"PhoneMaker" not in path.read_bytes() for path in stored_files(media_root))


def test_a_photo_taken_sideways_is_stored_upright(client, media_root):
    client.force_login(make_staff("editor", roles.EDITOR))
    assert upload(client, "photo.jpg", jpeg_with_location(orientation=6)).status_code == 200
    with stored_image(media_root) as image:
        assert image.size == (20, 40)


def test_an_upright_photo_loses_its_metadata_without_being_decoded(monkeypatch):
    """A 40-megapixel photo would take some 300 MB to decode and encode again
    (bench/upload_memory_bench.py); its metadata segments are dropped byte for byte instead."""
    from PIL import JpegImagePlugin

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update({1: "N", 2: (30.0, 35.0, 0.0), 3: "E"})
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "green").save(
        buffer, "JPEG", exif=exif, icc_profile=profile, comment=b"Shot at home"
    )
    photo = buffer.getvalue()

    def no_decoding(self):
        raise AssertionError("the photo was decoded")

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "load", no_decoding)
    stored = images.prepared_upload(SimpleUploadedFile("p.jpg", photo)).read()
    monkeypatch.undo()
    assert b"PhoneMaker" not in stored and b"Shot at home" not in stored
    scan = photo.index(b"\xff\xda")
    assert stored.endswith(photo[scan:])
    with Image.open(io.BytesIO(stored)) as image:
        assert dict(image.getexif()) == {}
        assert image.info.get("icc_profile") == profile
        assert image.size == (64, 48)


def test_a_pngs_location_and_text_are_not_stored(client, media_root):
    from PIL import PngImagePlugin

    exif = Image.Exif()
    exif.get_ifd(ExifTags.IFD.GPSInfo).update({1: "N", 2: (30.0, 35.0, 0.0), 3: "E"})
    exif[ExifTags.Base.Make] = "PhoneMaker"
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "taken at the source's home")
    text.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>GPSLatitude 30,35</x:xmpmeta>")
    buffer = io.BytesIO()
    Image.new("RGBA", (30, 20), (255, 0, 0, 128)).save(buffer, "PNG", exif=exif, pnginfo=text)
    client.force_login(make_staff("editor", roles.EDITOR))
    assert upload(client, "shot.png", buffer.getvalue()).status_code == 200
    (original,) = [p for p in stored_files(media_root) if "renditions" not in p.parts]
    stored = original.read_bytes()
    for trace in (b"PhoneMaker", b"source's home", b"GPSLatitude", b"eXIf"):
        assert trace not in stored
    with Image.open(original) as image:
        assert (image.size, image.mode) == ((30, 20), "RGBA")
        assert image.getpixel((3, 3)) == (255, 0, 0, 128)


def test_a_webps_location_is_not_stored(client, media_root):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update({1: "N", 2: (30.0, 35.0, 0.0), 3: "E"})
    buffer = io.BytesIO()
    Image.new("RGBA", (30, 20), (0, 0, 255, 100)).save(
        buffer, "WEBP", exif=exif, xmp=b"<x:xmpmeta>GPSLatitude</x:xmpmeta>", lossless=True
    )
    sent = buffer.getvalue()
    assert b"PhoneMaker" in sent and b"GPSLatitude" in sent
    client.force_login(make_staff("editor", roles.EDITOR))
    assert upload(client, "shot.webp", sent).status_code == 200
    (original,) = [p for p in stored_files(media_root) if "renditions" not in p.parts]
    stored = original.read_bytes()
    assert b"PhoneMaker" not in stored and b"GPSLatitude" not in stored
    with Image.open(original) as image:
        image.load()
        assert (image.format, image.size) == ("WEBP", (30, 20))
        assert image.getpixel((3, 3)) == (0, 0, 255, 100)
        assert "exif" not in image.info and "xmp" not in image.info
