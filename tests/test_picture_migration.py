"""The data migration that moves every article's lead image into the picture library."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from PIL import Image as PillowImage

BEFORE = [("articles", "0017_lead_image_picture"), ("pictures", "0002_staff_permissions")]
AFTER = [("articles", "0019_lead_image_from_library"), ("pictures", "0002_staff_permissions")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def stored_jpeg(name, size):
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, "green").save(buffer, "JPEG")
    return default_storage.save(name, ContentFile(buffer.getvalue()))


@pytest.fixture
def old_schema(transactional_db):
    apps = migrate(BEFORE)
    yield apps
    migrate(migrate_to_latest())


def migrate_to_latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_lead_images_become_library_pictures_with_nothing_lost(old_schema):
    Article = old_schema.get_model("articles", "Article")
    Section = old_schema.get_model("articles", "Section")
    section = Section.objects.create(name="新闻", slug="news", path="news")
    shared = stored_jpeg("lead/2019/07/shared.jpg", (640, 480))
    own = stored_jpeg("lead/2019/07/own.jpg", (300, 200))

    def article(headline, **fields):
        return Article.objects.create(
            headline=headline, section=section, created_at=timezone.now(), **fields
        ).pk

    first = article(
        "暴雨",
        lead_image_file=shared,
        lead_image_caption="竹叶山抢排渍水。",
        lead_image_credit="胡弦",
    )
    again = article(
        "暴雨续",
        lead_image_file=shared,
        lead_image_caption="去年的竹叶山。",
        lead_image_credit="胡弦",
    )
    other_credit = article("转载", lead_image_file=shared, lead_image_credit="新华社")
    alone = article("独家", lead_image_file=own, lead_image_caption="", lead_image_credit="")
    missing = article("缺图", lead_image_file="lead/2019/07/gone.jpg", lead_image_caption="说明")
    without = article("无图")

    apps = migrate(AFTER)
    Article = apps.get_model("articles", "Article")
    Image = apps.get_model("pictures", "Image")
    rows = {a.pk: a for a in Article.objects.select_related("lead_image")}

    assert rows[without].lead_image is None
    picture = rows[first].lead_image
    assert (picture.file.name, picture.caption, picture.credit_text) == (
        shared,
        "竹叶山抢排渍水。",
        "胡弦",
    )
    assert (picture.width, picture.height, picture.title) == (640, 480, "暴雨")
    assert rows[first].lead_image_caption == ""  # the picture's caption says it
    # Same file and credit: the same picture; its own caption stays on the article.
    assert rows[again].lead_image_id == picture.pk
    assert rows[again].lead_image_caption == "去年的竹叶山。"
    # Same file, another credit: a picture of its own, so neither credit is lost.
    assert rows[other_credit].lead_image.credit_text == "新华社"
    assert rows[other_credit].lead_image_id != picture.pk
    assert rows[other_credit].lead_image.file.name == shared
    assert (rows[alone].lead_image.width, rows[alone].lead_image.height) == (300, 200)
    # A file missing from the storage keeps its reference and caption.
    gone = rows[missing].lead_image
    assert (gone.file.name, gone.caption, gone.width) == ("lead/2019/07/gone.jpg", "说明", 0)
    assert Image.objects.count() == 4
    assert default_storage.exists(shared) and default_storage.exists(own)

    # And back: every article gets its file, caption and credit again.
    apps = migrate(BEFORE)
    Article = apps.get_model("articles", "Article")
    back = {a.pk: a for a in Article.objects.all()}
    assert (back[first].lead_image_file.name, back[first].lead_image_caption) == (
        shared,
        "竹叶山抢排渍水。",
    )
    assert back[again].lead_image_caption == "去年的竹叶山。"
    assert back[other_credit].lead_image_credit == "新华社"
    assert back[missing].lead_image_file.name == "lead/2019/07/gone.jpg"
    assert back[without].lead_image_file.name == ""
