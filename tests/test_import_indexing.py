"""What an import costs the search index and the sensitive-word check: each imported article's
document is written once, with its bylines, and a long run reads the word list only now and then."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from archive.read import load_capture
from archive.store import content_hash
from articles.models import Article
from review import wordcheck
from review.models import SensitiveWord
from search import index
from search.document import documents_for
from search.models import SearchDocument
from tests.capture_commands import SAMPLE, load_reference_data, run_import
from tests.factories import make_article


@pytest.fixture
def written(monkeypatch):
    """Every document write: {article id: its text}."""
    writes = []
    real = index.for_database

    def counting(alias):
        backend = real(alias)
        original = backend.write

        def write(documents):
            writes.append({doc.article_id: " ".join(doc.fields.values()) for doc in documents})
            return original(documents)

        backend.write = write
        return backend

    monkeypatch.setattr(index, "for_database", counting)
    return writes


def capture(folder, name, title):
    path = folder / name
    path.write_text(
        f"首页 > 新闻 > 湖北 >\n\n{title}\n\n2019-07-29 11:26来源:荆楚网\n\n{title}\n\n"
        "荆楚网记者 刘婧\n\n武汉今年新建口袋公园五十座。\n\n公园均免费开放。\n",
        encoding="utf-8",
    )


@pytest.mark.django_db
def test_each_imported_and_published_article_has_its_document_written_once(tmp_path, written):
    load_reference_data()
    capture(tmp_path, "a.txt", "武汉新建口袋公园")
    capture(tmp_path, "b.txt", "武汉新建街心花园")

    run_import(tmp_path, publish=True)

    ids = sorted(Article.objects.values_list("pk", flat=True))
    assert len(ids) == 2
    assert sorted(pk for write in written for pk in write) == ids
    # Written after the bylines: the document names the reporter.
    assert all("刘婧" in text for write in written for text in write.values())
    assert SearchDocument.objects.count() == 2


@pytest.mark.django_db
def test_refreshes_asked_for_in_a_block_that_fails_write_nothing(written):
    article = make_article()
    written.clear()
    with pytest.raises(RuntimeError), transaction.atomic(), index.refreshed_once():
        index.refresh([article.pk])
        raise RuntimeError("the capture failed")
    assert written == []


@pytest.mark.django_db
def test_a_long_run_looks_the_word_list_up_once_per_interval(monkeypatch):
    article = make_article(headline="武汉新建口袋公园")
    SensitiveWord.objects.create(word="口袋", level=SensitiveWord.Level.NOTE)
    with wordcheck.checking_many():
        wordcheck.check(article)
        with CaptureQueriesContext(connection) as captured:
            wordcheck.check(article, tag_names=[], corrections=[])
        assert not [q for q in captured if "review_sensitiveword" in q["sql"]]
        SensitiveWord.objects.create(word="公园", level=SensitiveWord.Level.NOTE)
        monkeypatch.setattr(wordcheck, "RUN_RECHECK_SECONDS", 0)
        words = {found.hit.word for found in wordcheck.check(article)}
    assert words == {"口袋", "公园"}


@pytest.mark.django_db
def test_an_imported_articles_document_is_the_one_a_rebuild_writes(tmp_path, written):
    load_reference_data()
    capture(tmp_path, "a.txt", "武汉新建口袋公园")

    run_import(tmp_path)

    article = Article.objects.get()
    (rebuilt,) = documents_for(Article.objects.all())
    assert written == [{article.pk: " ".join(rebuilt.fields.values())}]
    stored = SearchDocument.objects.get(article=article)
    index.refresh([article.pk])
    again = SearchDocument.objects.get(article=article)
    assert (stored.document, stored.published_at) == (again.document, rebuilt.published_at)


@pytest.mark.django_db
def test_a_capture_of_known_rows_writes_its_rows_and_reads_nothing_back(tmp_path):
    """The run's start reads the reference rows; then a new draft costs its inserts alone: no
    front page, topic, gallery, tag or search document is read for an article just created."""
    load_reference_data()
    for folder, title in (("a", "武汉新建口袋公园"), ("b", "武汉新建街心花园")):
        (tmp_path / folder).mkdir()
        capture(tmp_path / folder, f"{folder}.txt", title)
    run_import(tmp_path / "a")

    with CaptureQueriesContext(connection) as captured:
        run_import(tmp_path / "b")

    sqls = [q["sql"] for q in captured]
    # The capture's own transaction starts at the run's first savepoint.
    in_capture = sqls[next(i for i, sql in enumerate(sqls) if sql.startswith("SAVEPOINT")) :]
    reads = [sql for sql in in_capture if sql.startswith("SELECT")]
    assert reads == [next(sql for sql in reads if "review_sensitiveword" in sql)]
    assert Article.objects.count() == 2


def test_the_content_hash_is_the_one_earlier_runs_stored():
    """Records keep it: a change of its form would make every capture of an archive imported
    before look changed."""
    capture = load_capture(SAMPLE)
    assert content_hash(capture, False, ([], False)) == (
        "88e7bc36f4ec72ed123c5635437517f513c6747f43aa163044a3b1452d17265b"
    )


@pytest.mark.django_db
def test_a_dry_run_leaves_no_search_document(tmp_path, written):
    load_reference_data()
    capture(tmp_path, "a.txt", "武汉新建口袋公园")

    out, err, error = run_import(tmp_path, dry_run=True)

    assert error is None, err
    assert len(written) == 1  # written inside the capture's transaction, then rolled back
    assert SearchDocument.objects.count() == 0
    assert not Article.objects.exists()
