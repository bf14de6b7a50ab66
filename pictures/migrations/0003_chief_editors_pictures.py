from django.db import migrations

# The editor-in-chief (made by review's 0002, which copies the editors' grants of its day) does
# with pictures all an editor does. Frozen here, as in 0002.
CHIEF = "总编辑"
EDITOR = [
    "add_image",
    "change_image",
    "view_image",
    "delete_image",
    "add_gallerypicture",
    "change_gallerypicture",
    "delete_gallerypicture",
    "view_gallerypicture",
]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    chief = Group.objects.filter(name=CHIEF).first()
    if chief is not None:
        chief.permissions.add(
            *Permission.objects.filter(content_type__app_label="pictures", codename__in=EDITOR)
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for chief in apps.get_model("auth", "Group").objects.filter(name=CHIEF):
        chief.permissions.remove(*Permission.objects.filter(content_type__app_label="pictures"))


class Migration(migrations.Migration):
    dependencies = [
        ("pictures", "0002_staff_permissions"),
        ("review", "0002_default_chain_and_chief_editors"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
