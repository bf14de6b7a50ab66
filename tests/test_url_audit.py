"""Every URL the site answers is served by a view that checks who asks: no library's URLconf
reaches an unchecked view through a suffix, a query or an encoded slash."""

import io
import re

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern
from PIL import ExifTags, Image

from articles import roles
from tests.factories import make_staff

pytestmark = pytest.mark.django_db

# Views the URLconf may reach outside the admin: the project's apps and Django's contrib views.
TRUSTED_VIEWS = (
    "articles.",
    "pictures.",
    "review.",
    "frontpage.",
    "search.",
    "newsroom.",
    "django.contrib.",
    "django.views.static.serve",  # media, when DEBUG is on
)


def endpoints(resolver=None, prefix=""):
    """(full pattern text, pattern, callback) for every URL the site answers."""
    for entry in (resolver or get_resolver()).url_patterns:
        text = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from endpoints(entry, text)
        elif isinstance(entry, URLPattern):
            yield text, entry.pattern, entry.callback


def view_name(callback):
    while hasattr(callback, "__wrapped__"):
        callback = callback.__wrapped__
    view = getattr(callback, "view_class", None) or callback
    if not hasattr(view, "__qualname__"):  # a Feed instance
        view = type(view)
    return f"{view.__module__}.{view.__qualname__}"


def test_every_url_pattern_matches_only_whole_paths():
    for text, pattern, _callback in endpoints():
        if isinstance(pattern, RegexPattern):
            assert pattern._regex.endswith(("$", r"\Z")), text
        else:
            assert isinstance(pattern, RoutePattern) and pattern._is_endpoint, text


def test_no_url_outside_the_admin_reaches_a_view_outside_the_project_and_django():
    views = {
        text: view_name(callback)
        for text, _pattern, callback in endpoints()
        if not text.startswith(settings.ADMIN_URL)
    }
    outside = {text: view for text, view in views.items() if not view.startswith(TRUSTED_VIEWS)}
    assert outside == {}


def sample_path(text):
    """A path the pattern matches, its parameters filled with 1 (or an alternative's first)."""
    path = re.sub(r"<[^>]+>", "1", text).replace("^", "").replace("$", "")
    path = re.sub(r"\(\?P<\w+>(\w+)\|[^)]*\)", r"\1", path)
    path = re.sub(r"\(\?P<\w+>\.\*\)|\(\[\^/\]\+\)|\(\\d\+\)", "1", path)
    return "/" + path


def test_every_admin_url_a_library_brings_sends_anonymous_visitors_to_the_login_page(client):
    """Axes', taggit's and reversion's admin views too: every admin URL is behind the admin's
    login, whichever library registered it."""
    open_urls = {f"/{settings.ADMIN_URL}login/", f"/{settings.ADMIN_URL}logout/"}
    admin_urls = {
        sample_path(text) for text, _p, _c in endpoints() if text.startswith(settings.ADMIN_URL)
    }
    assert len(admin_urls) > 50
    for url in sorted(admin_urls - open_urls):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"/{settings.ADMIN_URL}login/"), url


BROWSE_VARIANTS = [
    "/ckeditor/browse/x",
    "/ckeditor/browse/x/",
    "/ckeditor/browse/?x=1",
    "/ckeditor/browse/&x=1",
    "/ckeditor/browse/x?CKEditor=id_body",
    "/ckeditor/browse%2Fx",
    "/ckeditor%2Fbrowse%2F",
    "/ckeditor/browse/%2F",
    "/ckeditor/browse//",
    "/ckeditor//browse/",
    "/ckeditor/browse/..%2F..%2F",
    "/ckeditor/browse/%00",
    "/ckeditor/browse",
]


@pytest.mark.parametrize("url", BROWSE_VARIANTS)
def test_an_intern_cannot_list_uploads_through_any_variant_of_the_browse_url(
    client, settings, tmp_path, url
):
    settings.MEDIA_ROOT = tmp_path
    uploads = tmp_path / "uploads" / "2026" / "01"
    uploads.mkdir(parents=True)
    Image.new("RGB", (4, 4)).save(uploads / "draft-photo.png")
    client.force_login(make_staff("intern", roles.INTERN))
    response = client.get(url)
    assert response.status_code in {301, 403, 404}, url
    assert b"draft-photo" not in response.content


def photo_with_location():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update({1: "N", 2: (30.0, 35.0, 0.0), 3: "E"})
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "blue").save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


UPLOAD_VARIANTS = [
    "/ckeditor/upload/x",
    "/ckeditor/upload/&responseType=json",
    "/ckeditor/upload/&responseType=json&CKEditorFuncNum=1",
    "/ckeditor/upload/?responseType=json",
    "/ckeditor/upload/x?responseType=json",
    "/ckeditor/upload/x/",
    "/ckeditor/upload/junk/../",
    "/ckeditor/upload%2Fx",
    "/ckeditor%2Fupload%2F",
    "/ckeditor/upload/%2F",
    "/ckeditor/upload//",
    "/ckeditor//upload/",
    "/ckeditor/upload/%00",
    "/ckeditor/upload",
]


@pytest.mark.parametrize("url", UPLOAD_VARIANTS)
def test_no_variant_of_the_upload_url_stores_a_file_without_the_checks(
    client, settings, tmp_path, url
):
    """Posted as a forger would: without CKEditor's token, so only an unchecked view stores it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client.force_login(make_staff("editor", roles.EDITOR))
    response = client.post(url, {"upload": SimpleUploadedFile("p.jpg", photo_with_location())})
    assert response.status_code in {301, 400, 403, 404, 405}, url
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
