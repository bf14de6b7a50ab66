"""Small builders for test data; each fills in what a test does not care about."""

import io
import itertools
import re
from datetime import timedelta
from html import unescape

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PillowImage

from articles.models import (
    Article,
    Byline,
    BylineRole,
    Contributor,
    CopyrightNotice,
    Section,
    SourceOutlet,
)

_counter = itertools.count(1)


def photo_bytes(size=(800, 600), image_format="JPEG", color="steelblue", **save_options):
    buffer = io.BytesIO()
    PillowImage.new("RGB" if image_format == "JPEG" else "RGBA", size, color).save(
        buffer, image_format, **save_options
    )
    return buffer.getvalue()


def photo_upload(size=(800, 600), name="photo.jpg", **options):
    return SimpleUploadedFile(name, photo_bytes(size, **options), content_type="image/jpeg")


def make_image(title=None, size=(800, 600), user=None, color="steelblue", **fields):
    """A library picture with its renditions, as the admin stores one."""
    from articles.images import prepared_upload
    from pictures.models import Image
    from pictures.services import save_image

    image = Image(
        file=prepared_upload(photo_upload(size, color=color)),
        title=title or f"图片{next(_counter)}",
        **fields,
    )
    return save_image(image, user)


def make_section(name=None, slug=None, parent=None, **fields):
    n = next(_counter)
    return Section.objects.create(
        name=name or f"栏目{n}", slug=slug or f"section-{n}", parent=parent, **fields
    )


def make_outlet(name=None, with_notice=True, **fields):
    outlet = SourceOutlet.objects.create(name=name or f"媒体{next(_counter)}", **fields)
    if with_notice:
        outlet.default_notice = CopyrightNotice.objects.create(
            holder=outlet,
            title="标准声明",
            template="凡注明“来源:{holder}”的作品,版权归{holder}所有。",
        )
        outlet.save(update_fields=["default_notice"])
    return outlet


def make_role(name_zh=None, code=None):
    n = next(_counter)
    return BylineRole.objects.create(
        code=code or f"role-{n}", name_zh=name_zh or f"角色{n}", name_en=f"role {n}"
    )


def make_contributor(name=None, affiliation=None, **fields):
    return Contributor.objects.create(
        name=name or f"作者{next(_counter)}", affiliation=affiliation, **fields
    )


def make_article(section=None, status=Article.Status.PUBLISHED, published_at=None, **fields):
    n = next(_counter)
    if status == Article.Status.PUBLISHED and published_at is None:
        published_at = timezone.now() - timedelta(hours=1)
    fields.setdefault("headline", f"标题{n}")
    return Article.objects.create(
        section=section or make_section(),
        status=status,
        published_at=published_at,
        **fields,
    )


def add_byline(article, contributor, role, position=None):
    if position is None:
        position = article.bylines.count() + 1
    return Byline.objects.create(
        article=article, contributor=contributor, role=role, position=position
    )


def make_staff(username, group_name=None, **fields):
    user = get_user_model().objects.create_user(
        username, password="pw-" + username, is_staff=True, **fields
    )
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


def page_text(response):
    """The page's text as a reader sees it: tags removed, runs of whitespace made one space."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html))).strip()


def gallery_form_data(article=None):
    """The article form's gallery inline as stored (none for a new article)."""
    pictures = list(article.gallery.all()) if article is not None else []
    data = {
        "gallery-TOTAL_FORMS": str(len(pictures)),
        "gallery-INITIAL_FORMS": str(len(pictures)),
        "gallery-MIN_NUM_FORMS": "0",
        "gallery-MAX_NUM_FORMS": "1000",
    }
    for i, picture in enumerate(pictures):
        data.update(
            {
                f"gallery-{i}-id": picture.pk,
                f"gallery-{i}-article": article.pk,
                f"gallery-{i}-position": picture.position,
                f"gallery-{i}-image": picture.image_id,
                f"gallery-{i}-caption": picture.caption,
            }
        )
    return data


def change_form_data(article, **overrides):
    """What the admin's change form posts for the article as stored, plus `overrides`."""
    bylines = list(article.bylines.all())
    data = {
        "kicker": article.kicker,
        "headline": article.headline,
        "subheadline": article.subheadline,
        "list_title": article.list_title,
        "summary": article.summary,
        "body": article.body,
        "lead_image": article.lead_image_id or "",
        "lead_image_caption": article.lead_image_caption,
        "source": article.source_id or "",
        "original_title": article.original_title,
        "original_author": article.original_author,
        "original_url": article.original_url,
        "responsible_editor": article.responsible_editor_id or "",
        "copyright_notice": article.copyright_notice_id or "",
        "section": article.section_id,
        "tags": [tag.pk for tag in article.tags.all()],
        "new_tags": "",
        "published_at_0": "",
        "published_at_1": "",
        "expected_version": article.version,
        "bylines-TOTAL_FORMS": str(len(bylines)),
        "bylines-INITIAL_FORMS": str(len(bylines)),
        "bylines-MIN_NUM_FORMS": "0",
        "bylines-MAX_NUM_FORMS": "1000",
        **gallery_form_data(article),
    }
    if article.published_at:
        local = timezone.localtime(article.published_at)
        data["published_at_0"] = local.strftime("%Y-%m-%d")
        data["published_at_1"] = local.strftime("%H:%M:%S")
    for i, byline in enumerate(bylines):
        data.update(
            {
                f"bylines-{i}-id": byline.pk,
                f"bylines-{i}-article": article.pk,
                f"bylines-{i}-position": byline.position,
                f"bylines-{i}-role": byline.role_id,
                f"bylines-{i}-contributor": byline.contributor_id,
            }
        )
    data.update(overrides)
    return data


def step_data(article, action, note="", publish_at="", acknowledge=(), correction="", **fields):
    """What the change form posts when its `action` button is clicked (the form as stored,
    `fields` typed over it, the step's own note, time and acknowledged words)."""
    data = change_form_data(article, **fields)
    data.update(
        {
            "_workflow": action,
            f"_workflow_note_{action}": note,
            f"_workflow_publish_at_{action}": publish_at,
            "_workflow_correction": correction,
            "_acknowledge": list(acknowledge),
        }
    )
    return data


def take_step(client, article, action, **step):
    """Click a workflow button on the article's change form."""
    from django.urls import reverse

    url = reverse("admin:articles_article_change", args=[article.pk])
    return client.post(url, step_data(article, action, **step))
