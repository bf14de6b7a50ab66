from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen here: only editors (and the editor-in-chief) run front pages; writers get nothing.
MODELS = ["page", "block", "slotentry", "topic", "topicarticle"]
CODENAMES = [f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")]
GROUPS = ["编辑", "总编辑"]
HOME_BLOCKS = [
    ("头条", "lead", 1, "page"),
    ("焦点图", "pictures", 4, "page"),
    ("要闻", "list", 10, "page"),
    ("专题", "topics", 4, "none"),
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("frontpage")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="frontpage", codename__in=CODENAMES
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="frontpage"))


def create_home(apps, schema_editor):
    """The home page as it was (lead, latest, then the top-level sections), now as blocks."""
    Page = apps.get_model("frontpage", "Page")
    Block = apps.get_model("frontpage", "Block")
    if Page.objects.filter(kind="home").exists():
        return
    home = Page.objects.create(kind="home")
    Block.objects.bulk_create(
        Block(page=home, name=name, style=style, size=size, fallback=fallback, position=n)
        for n, (name, style, size, fallback) in enumerate(HOME_BLOCKS)
    )


def remove_home(apps, schema_editor):
    # Plain deletes, children first: in a backwards run the deletion collector compares
    # historical model classes from different states and refuses ("Must be Page instance").
    Page = apps.get_model("frontpage", "Page")
    Block = apps.get_model("frontpage", "Block")
    SlotEntry = apps.get_model("frontpage", "SlotEntry")
    homes = list(Page.objects.filter(kind="home").values_list("pk", flat=True))
    blocks = list(Block.objects.filter(page_id__in=homes).values_list("pk", flat=True))
    for model, column, ids in (
        (SlotEntry, "block_id", blocks),
        (Block, "page_id", homes),
        (Page, "id", homes),
    ):
        if ids:
            table = schema_editor.quote_name(model._meta.db_table)
            marks = ", ".join(["%s"] * len(ids))
            schema_editor.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", ids)


class Migration(migrations.Migration):
    dependencies = [
        ("frontpage", "0001_initial"),
        ("articles", "0002_staff_groups"),
        ("review", "0002_default_chain_and_chief_editors"),
    ]

    operations = [
        migrations.RunPython(grant, revoke),
        migrations.RunPython(create_home, remove_home),
    ]
