from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen here: a migration must do what it did when written, whatever articles/roles.py says later.
WRITER_PERMISSIONS = [
    ("articles", "add_article"),
    ("articles", "change_article"),
    ("articles", "view_article"),
    ("articles", "add_byline"),
    ("articles", "change_byline"),
    ("articles", "delete_byline"),
    ("articles", "view_byline"),
    ("articles", "view_section"),
    ("articles", "view_sourceoutlet"),
    ("articles", "view_copyrightnotice"),
    ("articles", "view_contributor"),
    ("articles", "add_contributor"),
    ("articles", "view_bylinerole"),
    ("taggit", "view_tag"),
    ("taggit", "add_tag"),
]
EDITOR_MANAGED_MODELS = [
    ("articles", "article"),
    ("articles", "byline"),
    ("articles", "section"),
    ("articles", "sourceoutlet"),
    ("articles", "copyrightnotice"),
    ("articles", "contributor"),
    ("articles", "bylinerole"),
    ("taggit", "tag"),
]
EDITOR_PERMISSIONS = [
    (app, f"{action}_{model}")
    for app, model in EDITOR_MANAGED_MODELS
    for action in ("add", "change", "delete", "view")
] + [("articles", "publish_article"), ("auth", "view_user")]
GROUP_PERMISSIONS = {
    "实习生": WRITER_PERMISSIONS,
    "记者": WRITER_PERMISSIONS,
    "编辑": EDITOR_PERMISSIONS,
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_label in ("auth", "taggit", "articles"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for app_label, codename in codenames:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUP_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
