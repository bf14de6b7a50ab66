from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import Max

# Frozen here: a migration must do what it did when written, whatever articles/roles.py says later.
EDITOR = "编辑"
CHIEF = "总编辑"
CHIEF_EXTRA = [
    ("review", f"{action}_{model}")
    for model in ("reviewchain", "chainsection", "stage", "reviewer", "sensitiveword")
    for action in ("add", "change", "delete", "view")
]
EDITOR_EXTRA = [("review", "view_sensitiveword")]
DEFAULT_CHAIN = "默认审核流程"
DEFAULT_STAGE = "审核签发"


def forwards(apps, schema_editor):
    for app_label in ("auth", "articles", "review"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    editors = Group.objects.filter(name=EDITOR).first()
    chief, _created = Group.objects.get_or_create(name=CHIEF)
    if editors is not None:
        # The editor-in-chief does all an editor does, and configures review.
        chief.permissions.add(*editors.permissions.all())
        editors.permissions.add(*(permission(*p) for p in EDITOR_EXTRA))
    chief.permissions.add(*(permission(*p) for p in CHIEF_EXTRA + EDITOR_EXTRA))

    # Today's workflow as a chain: one stage where editors review and sign off.
    ReviewChain = apps.get_model("review", "ReviewChain")
    Stage = apps.get_model("review", "Stage")
    Reviewer = apps.get_model("review", "Reviewer")
    chain, _created = ReviewChain.objects.get_or_create(
        is_default=True, defaults={"name": DEFAULT_CHAIN, "allow_fast_fix": True}
    )
    stage = Stage.objects.filter(chain=chain).order_by("position").first()
    if stage is None:
        stage = Stage.objects.create(chain=chain, position=1, name=DEFAULT_STAGE)
        for group in (editors, chief):
            if group is not None:
                Reviewer.objects.create(stage=stage, group=group)

    # Articles waiting for review wait at that stage, since they were submitted.
    Article = apps.get_model("articles", "Article")
    ReviewState = apps.get_model("review", "ReviewState")
    waiting = Article.objects.filter(status="in_review").annotate(
        submitted=Max("transitions__at")
    )
    ReviewState.objects.bulk_create(
        [
            ReviewState(article=article, stage=stage, since=article.submitted or article.updated_at)
            for article in waiting
            if not ReviewState.objects.filter(article=article).exists()
        ]
    )


def backwards(apps, schema_editor):
    apps.get_model("review", "ReviewChain").objects.filter(name=DEFAULT_CHAIN).delete()
    apps.get_model("auth", "Group").objects.filter(name=CHIEF).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0001_initial"),
        ("articles", "0016_review_actions_and_stage"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
