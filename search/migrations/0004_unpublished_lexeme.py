from django.db import migrations


def add_unpublished(apps, schema_editor):
    """The editors' search reads the documents without a publish time by their lexeme
    (`search.backends.UNPUBLISHED_TERM`): added here to existing documents."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "UPDATE search_searchdocument SET document = document || '_mnone'::tsvector"
            " WHERE published_at IS NULL"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_newest_first_and_short_strings"),
    ]

    operations = [migrations.RunPython(add_unpublished, migrations.RunPython.noop)]
