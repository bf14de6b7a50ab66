from django.contrib.auth.management import create_permissions
from django.db import migrations

# The editor-in-chief answers for the site's own pages (关于我们, 联系我们); until now only
# superusers could edit them. Group name and codenames frozen here.
GROUP = "总编辑"
CODENAMES = [f"{action}_sitepage" for action in ("add", "change", "delete", "view")]


def permissions(apps):
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="articles", codename__in=CODENAMES)


def grant(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name=GROUP):
        group.permissions.add(*permissions(apps))


def revoke(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name=GROUP):
        group.permissions.remove(*permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0027_article_status_updated_index"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
