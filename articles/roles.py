"""The newsroom's staff roles: Django groups created and granted by data migrations
(articles 0002 and 0005, review 0002). These lists are what those migrations grant;
tests/test_roles.py checks that the migrated groups hold exactly these."""

INTERN = "实习生"
REPORTER = "记者"
EDITOR = "编辑"
EDITOR_IN_CHIEF = "总编辑"

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
    # Writers upload and use library pictures and arrange galleries; only editors delete pictures.
    ("pictures", "add_image"),
    ("pictures", "change_image"),
    ("pictures", "view_image"),
    ("pictures", "add_gallerypicture"),
    ("pictures", "change_gallerypicture"),
    ("pictures", "delete_gallerypicture"),
    ("pictures", "view_gallerypicture"),
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
    ("pictures", "image"),
    ("pictures", "gallerypicture"),
]
# Front pages and topics: only editors curate them (frontpage 0002).
FRONT_PAGE_MODELS = [
    ("frontpage", model) for model in ("page", "block", "slotentry", "topic", "topicarticle")
]
EDITOR_PERMISSIONS = [
    (app, f"{action}_{model}")
    for app, model in EDITOR_MANAGED_MODELS + FRONT_PAGE_MODELS
    for action in ("add", "change", "delete", "view")
] + [
    ("articles", "publish_article"),
    ("auth", "view_user"),
    ("articles", "change_credited_article"),
    ("review", "view_sensitiveword"),
]
REVIEW_CONFIGURATION_PERMISSIONS = [
    ("review", f"{action}_{model}")
    for model in ("reviewchain", "chainsection", "stage", "reviewer", "sensitiveword")
    for action in ("add", "change", "delete", "view")
]

# The site's own pages (关于我们, 联系我们…): the editor-in-chief answers for them (articles 0028).
SITE_PAGE_PERMISSIONS = [
    ("articles", f"{action}_sitepage") for action in ("add", "change", "delete", "view")
]

GROUP_PERMISSIONS = {
    INTERN: WRITER_PERMISSIONS,
    REPORTER: [*WRITER_PERMISSIONS, ("articles", "change_credited_article")],
    EDITOR: EDITOR_PERMISSIONS,
    EDITOR_IN_CHIEF: EDITOR_PERMISSIONS + REVIEW_CONFIGURATION_PERMISSIONS + SITE_PAGE_PERMISSIONS,
}
# Who acts at the one stage of the default chain the migration creates (审核签发).
DEFAULT_CHAIN_REVIEWERS = [EDITOR, EDITOR_IN_CHIEF]
