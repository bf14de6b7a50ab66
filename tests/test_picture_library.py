"""The picture library in the admin: who uploads, uses, changes and deletes pictures, and the
rules a picture's credit and copyright follow."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import ProtectedError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from articles import roles
from articles.models import Article, CopyrightNotice
from pictures.credits import credit_line
from pictures.models import GalleryPicture, Image
from tests.factories import (
    change_form_data,
    make_article,
    make_contributor,
    make_image,
    make_outlet,
    make_role,
    make_staff,
    photo_bytes,
)

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:pictures_image_add")
LIST_URL = reverse("admin:pictures_image_changelist")


def change_url(image):
    return reverse("admin:pictures_image_change", args=[image.pk])


def delete_url(image):
    return reverse("admin:pictures_image_delete", args=[image.pk])


def stored_names(image):
    return [image.file.name, *(r["name"] for r in image.renditions)]


def picture_form(**fields):
    return {
        "title": "竹叶山抢排渍水",
        "alt_text": "",
        "caption": "",
        "credit_text": "",
        "taken_on": "",
        "focal_x": "0.5",
        "focal_y": "0.5",
        **fields,
    }


@pytest.fixture
def intern(client):
    user = make_staff("intern", roles.INTERN)
    client.force_login(user)
    return user


@pytest.fixture
def editor(client):
    user = make_staff("editor", roles.EDITOR)
    client.force_login(user)
    return user


# Credit and copyright


def test_a_pictures_notice_must_be_its_holders():
    hubei, dazhong = make_outlet("湖北日报"), make_outlet("大众新闻网")
    image = make_image(copyright_holder=hubei, copyright_notice=dazhong.default_notice)
    with pytest.raises(ValidationError) as refused:
        image.full_clean()
    assert "copyright_notice" in refused.value.message_dict
    image.copyright_notice = hubei.default_notice
    image.full_clean()
    assert make_image(copyright_holder=hubei).effective_notice() == hubei.default_notice


def test_a_notice_without_a_holder_is_refused():
    notice = make_outlet().default_notice
    with pytest.raises(ValidationError) as refused:
        Image(title="x", file="x.jpg", copyright_notice=notice).full_clean()
    assert "copyright_holder" in refused.value.message_dict


def test_a_picture_credits_a_contributor_or_a_text_and_a_role_needs_a_contributor():
    with pytest.raises(ValidationError) as both:
        both_credits = Image(
            title="x", file="x.jpg", credit_contributor=make_contributor(), credit_text="新华社"
        )
        both_credits.full_clean()
    assert "credit_text" in both.value.message_dict
    with pytest.raises(ValidationError) as role_alone:
        Image(title="x", file="x.jpg", credit_role=make_role()).full_clean()
    assert "credit_role" in role_alone.value.message_dict


def test_credit_lines_follow_the_role_in_chinese_and_english():
    reporter = make_role("记者", "reporter")
    image = Image(credit_contributor=make_contributor("胡弦"), credit_role=reporter)
    with translation.override("zh-hans"):
        assert credit_line(image) == "图/记者 胡弦"
        assert credit_line(Image(credit_text="新华社")) == "图/新华社"
        assert credit_line(Image()) == ""
    with translation.override("en"):
        assert credit_line(image) == f"Photo: {reporter.name_en} 胡弦"


# Uploading and using pictures


def test_an_intern_uploads_a_picture_through_the_admin_and_it_gets_its_renditions(client, intern):
    upload = SimpleUploadedFile("DSC_0001.JPG", photo_bytes((1000, 800)))
    response = client.post(ADD_URL, picture_form(file=upload, credit_text="读者供图"))
    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.created_by, image.width, image.height) == (intern, 1000, 800)
    assert image.file.name.startswith("pictures/originals/") and "DSC" not in image.file.name
    assert len(image.renditions) == 27  # 3 widths, 3 lead, 4 teaser, 3 square, in 2 formats; og
    assert all(default_storage.exists(name) for name in stored_names(image))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "x.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>',
            "not an image",
        ),
        ("evil.jpg", b"<html><script>alert(1)</script></html>", "not an image"),
        ("huge.png", photo_bytes((30, 10), "PNG") + b"\0" * (11 * 1024 * 1024), "10 MB"),
    ],
)
def test_bad_files_are_refused_with_a_message_and_nothing_is_stored(
    client, intern, media_in_a_temporary_folder, name, content, message
):
    with translation.override("en"):
        response = client.post(
            ADD_URL, picture_form(file=SimpleUploadedFile(name, content)), HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.status_code == 200
    assert message in str(response.context["adminform"].form.errors["file"])
    assert not Image.objects.exists()
    assert not any(media_in_a_temporary_folder.rglob("*.*"))


def test_a_decompression_bomb_is_refused(client, intern, monkeypatch):
    from articles import images

    monkeypatch.setattr(images, "MAX_UPLOAD_PIXELS", 100)
    upload = SimpleUploadedFile("bomb.png", photo_bytes((30, 10), "PNG"))
    response = client.post(ADD_URL, picture_form(file=upload), HTTP_ACCEPT_LANGUAGE="en")
    assert "too large in pixels" in str(response.context["adminform"].form.errors["file"])
    assert not Image.objects.exists()


def test_an_intern_chooses_a_library_picture_as_the_lead_image_of_their_draft(client, intern):
    image = make_image()
    draft = make_article(status=Article.Status.DRAFT, created_by=intern)
    url = reverse("admin:articles_article_change", args=[draft.pk])
    response = client.post(url, change_form_data(draft, lead_image=image.pk))
    assert response.status_code == 302, response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert draft.lead_image == image
    page = client.get(url).content.decode()
    assert "data-popup-opener" not in page  # the article form, not the picker
    assert f"{LIST_URL}?_to_field=id&amp;_popup=1" in page
    assert image.renditions_of("width", "jpeg")[0].url in page  # the chosen picture's preview


def test_a_picture_is_reused_across_articles_and_galleries(client, intern):
    image = make_image(caption="长江大桥夜景")
    first = make_article(lead_image=image)
    second = make_article()
    GalleryPicture.objects.create(article=second, image=image, position=1)
    assert set(image.lead_of.all()) == {first}
    assert [p.article for p in image.gallery_places.all()] == [second]


def test_the_picker_and_autocomplete_find_pictures_by_title_caption_and_credit(client, intern):
    photographer = make_contributor("胡弦")
    wanted = make_image("江城暴雨", credit_contributor=photographer)
    make_image("黄鹤楼")
    popup = client.get(LIST_URL, {"_to_field": "id", "_popup": "1", "q": "胡弦"})
    assert [i.pk for i in popup.context["cl"].result_list] == [wanted.pk]
    assert f'data-popup-opener="{wanted.pk}"' in popup.content.decode()
    answer = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "articles",
            "model_name": "article",
            "field_name": "lead_image",
            "term": "暴雨",
        },
    ).json()
    (result,) = answer["results"]
    assert result["text"] == "江城暴雨"
    assert result["thumbnail"] == wanted.renditions_of("square", "jpeg")[0].url


def test_the_library_list_filters_by_credit_and_runs_a_fixed_number_of_queries(
    client, editor, django_assert_num_queries
):
    photographer = make_contributor("胡弦")
    make_image(credit_contributor=photographer)
    make_image(credit_text="新华社")
    response = client.get(LIST_URL, {"credit_contributor__id__exact": photographer.pk})
    assert len(response.context["cl"].result_list) == 1
    with CaptureQueriesContext(connection) as few:
        response = client.get(LIST_URL)
    assert len(response.context["cl"].result_list) == 2
    for _ in range(5):
        make_article(lead_image=make_image(credit_contributor=make_contributor()))
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(LIST_URL)
    assert len(response.context["cl"].result_list) == 7
    assert [i.lead_count for i in response.context["cl"].result_list].count(1) == 5


def test_moving_the_focal_point_in_the_admin_makes_new_crops(
    client, intern, django_capture_on_commit_callbacks
):
    image = make_image(created_by=intern)
    before = list(image.renditions)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(image), picture_form(focal_x="0.1", focal_y="0.9"))
    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (0.1, 0.9)
    assert {r["name"] for r in image.renditions}.isdisjoint(r["name"] for r in before)
    assert not any(default_storage.exists(r["name"]) for r in before)


def test_a_writer_may_not_change_someone_elses_picture(client, intern):
    image = make_image(created_by=make_staff("other", roles.REPORTER))
    page = client.get(change_url(image))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(change_url(image), picture_form(title="改了")).status_code == 403
    image.refresh_from_db()
    assert image.title != "改了"


# Deleting


@pytest.mark.parametrize("role", [roles.INTERN, roles.REPORTER])
def test_only_editors_delete_pictures(client, role):
    client.force_login(make_staff("writer", role))
    image = make_image()
    assert client.get(delete_url(image)).status_code == 403
    assert client.post(delete_url(image), {"post": "yes"}).status_code == 403
    assert Image.objects.filter(pk=image.pk).exists()


def test_an_unused_picture_is_deleted_with_its_files_and_renditions(
    client, editor, django_capture_on_commit_callbacks
):
    image = make_image()
    names = stored_names(image)
    assert all(default_storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url(image), {"post": "yes"})
    assert response.status_code == 302
    assert not Image.objects.exists()
    assert not any(default_storage.exists(name) for name in names)


def test_a_draft_using_a_deleted_picture_loses_it(client, editor):
    image = make_image()
    draft = make_article(status=Article.Status.DRAFT, lead_image=image)
    client.post(delete_url(image), {"post": "yes"})
    draft.refresh_from_db()
    assert draft.lead_image is None


@pytest.mark.parametrize("use", ["lead", "gallery", "body"])
def test_a_picture_on_a_published_page_cannot_be_deleted_and_the_admin_says_where(
    client, editor, use
):
    image = make_image()
    article = make_article(headline="江城暴雨")
    if use == "lead":
        Article.objects.filter(pk=article.pk).update(lead_image=image)
    elif use == "gallery":
        GalleryPicture.objects.create(article=article, image=image)
    else:
        Article.objects.filter(pk=article.pk).update(body=f'<p><img src="{image.file.url}"></p>')
    page = client.get(delete_url(image)).content.decode()
    assert "江城暴雨" in page and 'name="post"' not in page
    assert "不能删除" in page
    client.post(delete_url(image), {"post": "yes"})
    assert Image.objects.filter(pk=image.pk).exists()
    assert default_storage.exists(image.file.name)


def test_the_model_refuses_to_delete_a_picture_readers_saw(client):
    image = make_image()
    make_article(status=Article.Status.WITHDRAWN, lead_image=image)
    with pytest.raises(ProtectedError):
        image.delete()


def test_the_change_form_lists_the_articles_using_the_picture(client, editor):
    image = make_image()
    make_article(headline="头图稿件", lead_image=image)
    GalleryPicture.objects.create(article=make_article(headline="图集稿件"), image=image)
    page = client.get(change_url(image)).content.decode()
    assert "头图稿件" in page and "图集稿件" in page
    assert 'class="focal-point-picker"' in page and 'role="slider"' in page


def test_ckeditor_body_uploads_land_in_the_library(client, editor):
    client.cookies["ckCsrfToken"] = "k" * 40
    response = client.post(
        "/ckeditor/upload/",
        {"upload": SimpleUploadedFile("江城.jpg", photo_bytes()), "ckCsrfToken": "k" * 40},
    )
    assert response.status_code == 200
    image = Image.objects.get()
    assert response.json()["url"] == image.file.url
    # An 800×600 photo: 2 widths, 2 lead, 4 teaser and 2 square sizes in two formats, and og.
    assert (image.title, image.created_by, len(image.renditions)) == ("江城", editor, 21)


def test_a_notice_object_from_another_outlet_cannot_be_saved_through_the_admin(client, editor):
    hubei, other = make_outlet("湖北日报"), make_outlet("大众新闻网")
    image = make_image()
    response = client.post(
        change_url(image),
        picture_form(copyright_holder=hubei.pk, copyright_notice=other.default_notice.pk),
    )
    assert response.status_code == 200
    assert "copyright_notice" in response.context["adminform"].form.errors
    assert CopyrightNotice.objects.count() == 2
