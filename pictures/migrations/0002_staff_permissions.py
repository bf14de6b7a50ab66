from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen here, as in articles' 0002: writers upload and use pictures and arrange galleries;
# only editors delete pictures.
WRITER = [
    "add_image",
    "change_image",
    "view_image",
    "add_gallerypicture",
    "change_gallerypicture",
    "delete_gallerypicture",
    "view_gallerypicture",
]
EDITOR = [*WRITER, "delete_image"]
GRANTS = {"实习生": WRITER, "记者": WRITER, "编辑": EDITOR}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("pictures")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in GRANTS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="pictures", codename__in=codenames
                )
            )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GRANTS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="pictures"))


class Migration(migrations.Migration):
    dependencies = [
        ("pictures", "0001_initial"),
        ("articles", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
