from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS article_newest_first "
    "ON articles_article (published_at DESC NULLS LAST, id DESC)"
)
DROP = "DROP INDEX IF EXISTS article_newest_first"


def create(apps, schema_editor):
    # The articles' own order (unpublished last), which the admin's change list pages through:
    # without it every page sorted the whole table. SQLite cannot say NULLS LAST in an index,
    # and its descending order puts NULLs last anyway, so it has none.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("articles", "0025_index_only_listings")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
