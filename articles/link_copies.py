"""The tag links' copies of their article's `status` and `published_at`, kept by the database.

Every way an article's status or time changes, or a link is written, reaches the database: the
ORM's `save()` and `update()`, bulk actions, taggit's `tags.add/set` (which know nothing of the
copies), revision restores, `loaddata`, the importer and the benchmark's COPY. Triggers see
them all; Python code on any one of those paths would miss the others.

`install` is idempotent. Migration 0029 runs it, and so does every `migrate` (post_migrate):
SQLite drops a table's triggers when a migration rebuilds the table.
"""

POSTGRESQL = """
CREATE OR REPLACE FUNCTION articles_copy_article_to_tag_links() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE articles_taggedarticle SET status = NEW.status, published_at = NEW.published_at
    WHERE content_object_id = NEW.id;
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER article_copied_to_new_links AFTER INSERT ON articles_article
FOR EACH ROW EXECUTE FUNCTION articles_copy_article_to_tag_links();

CREATE OR REPLACE TRIGGER article_copied_to_links
AFTER UPDATE OF status, published_at ON articles_article FOR EACH ROW
WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.published_at IS DISTINCT FROM NEW.published_at)
EXECUTE FUNCTION articles_copy_article_to_tag_links();

CREATE OR REPLACE FUNCTION articles_tag_link_copies_article() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    found_status varchar(20);
    found_at timestamptz;
BEGIN
    -- FOR SHARE waits for a transaction changing the article and reads what it committed:
    -- a plain read would copy the old values while that transaction's own trigger cannot
    -- see this link yet.
    SELECT status, published_at INTO found_status, found_at FROM articles_article
    WHERE id = NEW.content_object_id FOR SHARE;
    -- An article written later in the transaction (loaddata defers foreign keys) copies
    -- itself when it is inserted.
    IF FOUND THEN
        NEW.status := found_status;
        NEW.published_at := found_at;
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER tag_link_copies_article
BEFORE INSERT OR UPDATE ON articles_taggedarticle
FOR EACH ROW EXECUTE FUNCTION articles_tag_link_copies_article();
"""

SQLITE_COPY_TO_LINKS = """
    UPDATE articles_taggedarticle SET status = NEW.status, published_at = NEW.published_at
    WHERE content_object_id = NEW.id;
"""

SQLITE_LINK_COPIES = """
    UPDATE articles_taggedarticle SET (status, published_at) = (
        SELECT status, published_at FROM articles_article WHERE id = NEW.content_object_id
    ) WHERE id = NEW.id AND EXISTS (
        SELECT 1 FROM articles_article WHERE id = NEW.content_object_id
    );
"""

SQLITE = [
    f"""CREATE TRIGGER IF NOT EXISTS article_copied_to_new_links
    AFTER INSERT ON articles_article BEGIN {SQLITE_COPY_TO_LINKS} END""",
    f"""CREATE TRIGGER IF NOT EXISTS article_copied_to_links
    AFTER UPDATE OF status, published_at ON articles_article
    WHEN OLD.status IS NOT NEW.status OR OLD.published_at IS NOT NEW.published_at
    BEGIN {SQLITE_COPY_TO_LINKS} END""",
    f"""CREATE TRIGGER IF NOT EXISTS tag_link_copies_article
    AFTER INSERT ON articles_taggedarticle BEGIN {SQLITE_LINK_COPIES} END""",
    f"""CREATE TRIGGER IF NOT EXISTS tag_link_keeps_article_copy
    AFTER UPDATE ON articles_taggedarticle
    WHEN EXISTS (
        SELECT 1 FROM articles_article a WHERE a.id = NEW.content_object_id
        AND (a.status IS NOT NEW.status OR a.published_at IS NOT NEW.published_at)
    )
    BEGIN {SQLITE_LINK_COPIES} END""",
]

DROP = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS tag_link_copies_article ON articles_taggedarticle",
        "DROP TRIGGER IF EXISTS article_copied_to_links ON articles_article",
        "DROP TRIGGER IF EXISTS article_copied_to_new_links ON articles_article",
        "DROP FUNCTION IF EXISTS articles_tag_link_copies_article()",
        "DROP FUNCTION IF EXISTS articles_copy_article_to_tag_links()",
    ],
    "sqlite": [
        f"DROP TRIGGER IF EXISTS {name}"
        for name in (
            "tag_link_keeps_article_copy",
            "tag_link_copies_article",
            "article_copied_to_links",
            "article_copied_to_new_links",
        )
    ],
}

BACKFILL = {
    "postgresql": """
        UPDATE articles_taggedarticle t SET status = a.status, published_at = a.published_at
        FROM articles_article a
        WHERE a.id = t.content_object_id
        AND (t.status IS DISTINCT FROM a.status OR t.published_at IS DISTINCT FROM a.published_at)
    """,
    "sqlite": """
        UPDATE articles_taggedarticle SET status = a.status, published_at = a.published_at
        FROM articles_article a
        WHERE a.id = articles_taggedarticle.content_object_id
        AND (articles_taggedarticle.status IS NOT a.status
             OR articles_taggedarticle.published_at IS NOT a.published_at)
    """,
}


def install(connection):
    """Create the triggers where they are missing (PostgreSQL: replace them), once the links
    have the columns (migration 0029)."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if "articles_taggedarticle" not in tables:
            return
        columns = connection.introspection.get_table_description(cursor, "articles_taggedarticle")
        if "published_at" not in {column.name for column in columns}:
            return
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRESQL)
        elif connection.vendor == "sqlite":
            for statement in SQLITE:
                cursor.execute(statement)


def drop(connection):
    with connection.cursor() as cursor:
        for statement in DROP.get(connection.vendor, []):
            cursor.execute(statement)


def backfill(connection):
    """Copy every article's values onto its links (the triggers keep them from then on)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # No article changes between the copy and the triggers' creation.
            cursor.execute("LOCK TABLE articles_article IN SHARE MODE")
        cursor.execute(BACKFILL[connection.vendor])
