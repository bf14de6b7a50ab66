"""The newsroom's staff roles. Each is a Django group created by a data migration."""

INTERN = "实习生"
REPORTER = "记者"
EDITOR = "编辑"

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
EDITOR_PERMISSIONS = [
    (app, f"{action}_{model}")
    for app, model in EDITOR_MANAGED_MODELS
    for action in ("add", "change", "delete", "view")
] + [("articles", "publish_article"), ("auth", "view_user")]

GROUP_PERMISSIONS = {
    INTERN: WRITER_PERMISSIONS,
    REPORTER: WRITER_PERMISSIONS,
    EDITOR: EDITOR_PERMISSIONS,
}
