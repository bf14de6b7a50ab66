"""Backups: what the README tells an operator to run gives back every article, byline and tag
link, and the media files."""

import io
import json
import sqlite3

import pytest
from django.core.management import call_command
from taggit.models import Tag

from articles.models import Article, Byline, TaggedArticle
from tests.factories import add_byline, make_article, make_contributor, make_role, make_section


def newsroom_content():
    section = make_section("新闻", "news")
    role = make_role("记者")
    for n in range(6):
        article = make_article(section, headline=f"稿件{n}")
        add_byline(article, make_contributor(f"记者{n}"), role)
        article.tags.add("武汉", "主题教育", f"标签{n}", "……")


def state():
    return {
        "articles": sorted(Article.objects.values_list("pk", "headline")),
        "bylines": sorted(Byline.objects.values_list("article_id", "contributor__name")),
        "tag_links": sorted(TaggedArticle.objects.values_list("content_object_id", "tag__name")),
        "tags": sorted(Tag.objects.values_list("name", "slug")),
    }


@pytest.mark.django_db
def test_dumpdata_with_natural_keys_loses_no_tag_link(tmp_path):
    newsroom_content()
    before = state()
    assert len(before["tag_links"]) == 24
    dump = tmp_path / "newsroom.json"
    call_command(
        "dumpdata",
        "articles",
        "taggit",
        natural_foreign=True,
        natural_primary=True,
        output=str(dump),
        stdout=io.StringIO(),
    )
    links = [
        row for row in json.loads(dump.read_text()) if row["model"] == "articles.taggedarticle"
    ]
    assert len(links) == 24
    TaggedArticle.objects.all().delete()
    Byline.objects.all().delete()
    Article.objects.all().delete()
    Tag.objects.all().delete()
    call_command("loaddata", str(dump), stdout=io.StringIO())
    assert state() == before


SQL_STATE = {
    "articles": "SELECT id, headline FROM articles_article",
    "bylines": "SELECT article_id, contributor_id, role_id FROM articles_byline",
    "tag_links": (
        "SELECT l.content_object_id, t.name FROM articles_taggedarticle l "
        "JOIN taggit_tag t ON t.id = l.tag_id"
    ),
}


def stored_rows(cursor):
    result = {}
    for name, sql in SQL_STATE.items():
        cursor.execute(sql)
        result[name] = sorted(tuple(row) for row in cursor.fetchall())
    return result


@pytest.fixture
def content_with_a_picture(settings):
    from tests.factories import make_image

    newsroom_content()
    picture = make_image("图片")
    return settings.MEDIA_ROOT, picture.file.name


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_restores_the_database_and_the_media(tmp_path, content_with_a_picture):
    from django.db import connection

    media_root, picture = content_with_a_picture
    with connection.cursor() as cursor:
        before = stored_rows(cursor)
    assert len(before["tag_links"]) == 24

    folder = tmp_path / "backup"
    call_command("backup", str(folder), stdout=io.StringIO())

    assert (folder / "media" / picture).read_bytes() == (media_root / picture).read_bytes()
    if connection.vendor == "sqlite":
        restored = sqlite3.connect(folder / "db.sqlite3")
        assert stored_rows(restored.cursor()) == before
        restored.close()
    else:
        assert stored_rows_after_pg_restore(folder / "newsroom.dump", connection) == before


def stored_rows_after_pg_restore(dump, connection):
    import subprocess
    import uuid

    import psycopg2

    params = connection.settings_dict
    login = {"host": params["HOST"], "port": params["PORT"] or 5432, "user": params["USER"]}
    name = f"restore_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(dbname="postgres", password=params["PASSWORD"] or None, **login)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", f"--host={login['host']}", f"--port={login['port']}",
             f"--username={login['user']}", f"--dbname={name}", str(dump)],
            check=True, capture_output=True,
        )  # fmt: skip
        restored = psycopg2.connect(dbname=name, password=params["PASSWORD"] or None, **login)
        try:
            return stored_rows(restored.cursor())
        finally:
            restored.close()
    finally:
        admin.cursor().execute(f'DROP DATABASE "{name}"')
        admin.close()


@pytest.mark.django_db
def test_a_backup_never_overwrites_another(tmp_path):
    from django.core.management.base import CommandError

    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "db.sqlite3").write_text("an older backup")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path / "old"), stdout=io.StringIO())
