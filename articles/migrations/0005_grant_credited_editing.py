from django.contrib.auth.management import create_permissions
from django.db import migrations

# Reporters (and editors, who edit everything anyway) may edit drafts they are credited on.
# Group names frozen here, as in 0002.
GRANTS = {"记者": "change_credited_article", "编辑": "change_credited_article"}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codename in GRANTS.items():
        permission = Permission.objects.get(content_type__app_label="articles", codename=codename)
        for group in Group.objects.filter(name=group_name):
            group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="articles", codename="change_credited_article"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_workflow_log_and_corrections"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
