"""The sensitive-word check: normalisation, levels, acknowledgements, refusal of 签发, lists."""

import io

import pytest
import reversion
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from articles import roles, workflow
from articles.models import Article, Correction
from review import wordcheck
from review.matcher import Matcher
from review.models import Acknowledgement, SensitiveWord, SignOff
from review.normalize import normalize_word
from tests.factories import (
    make_article,
    make_image,
    make_section,
    make_staff,
    page_text,
    take_step,
)
from tests.review_cases import three_stage_chain

pytestmark = pytest.mark.django_db

S = Article.Status


def words(*entries):
    return Matcher([(normalize_word(word), word, level, "", "") for word, level in entries])


@pytest.mark.parametrize(
    "text",
    [
        "这里有敏感词。",  # as listed
        "这里有敏　感　词。",  # ideographic spaces between the characters
        "这里有敏 感 词。",  # spaces
        "这里有敏\u200b感\u200d词。",  # zero-width space and joiner
        "这里有敏，感·词。",  # punctuation between the characters
        "这里有敏感詞。",  # traditional
        "這裡有敏感詞。",  # traditional throughout
    ],
)
def test_a_word_is_found_however_it_is_written(text):
    (hit,) = words(("敏感词", "block")).find(text)
    assert hit.word == "敏感词"
    assert text[hit.start : hit.end] == hit.text  # shown as written in the article
    assert hit.text.startswith("敏")


def test_full_width_latin_and_case_are_matched():
    (hit,) = words(("ABC", "review")).find("请看ＡＢｃ的报道")
    assert hit.text == "ＡＢｃ"


def test_no_hit_across_the_end_of_a_sentence_or_a_line():
    matcher = words(("敏感词", "block"))
    assert matcher.find("这是敏感。词语在下一句") == []
    assert matcher.find("这是敏感\n词语") == []
    assert matcher.find("这是敏感！词") == []


def test_a_latin_word_matches_whole_words_only():
    matcher = words(("ass", "note"))
    assert matcher.find("a first-class seat") == []
    assert [hit.text for hit in matcher.find("kick A S S now")] == ["A S S"]


def test_overlapping_and_nested_words_are_all_found():
    matcher = words(("敏感", "note"), ("敏感词", "block"), ("词语", "review"))
    found = sorted(hit.word for hit in matcher.find("敏感词语"))
    assert found == ["敏感", "敏感词", "词语"]


@pytest.fixture
def review_setup():
    section = make_section(name="新闻", slug="news")
    three_stage_chain(section)
    SensitiveWord.objects.create(word="禁用词", level="block", category="测试")
    SensitiveWord.objects.create(word="审核词", level="review", category="测试")
    SensitiveWord.objects.create(word="提示词", level="note", category="测试", replacement="替换")
    people = {
        name: make_staff(name, group)
        for name, group in (
            ("editor", roles.EDITOR),
            ("chief", roles.EDITOR_IN_CHIEF),
        )
    }
    return {"section": section, **people}


def in_review_at_last_stage(setup, **fields):
    article = make_article(section=setup["section"], status=S.DRAFT, **fields)
    workflow.perform(article, setup["editor"], "submit")
    workflow.perform(article, setup["editor"], "pass", acknowledged=_all_keys(article))
    from review.models import ReviewState, Stage

    ReviewState.objects.filter(article=article).update(stage=Stage.objects.get(name="终审"))
    return Article.objects.get(pk=article.pk)


def _all_keys(article):
    return [hit.key for hit in wordcheck.check(article)]


def test_every_reader_visible_text_is_checked(review_setup):
    article = make_article(
        section=review_setup["section"],
        kicker="引题提示词",
        headline="主题",
        subheadline="副题",
        list_title="列表",
        summary="摘要提示词",
        body='<p>正文</p><p>提示</p><p>词不连</p><img src="/x.png" alt="图说提示词">',
        lead_image_caption="图片说明提示词",
        lead_image=make_image(credit_text="摄影提示词"),
    )
    article.tags.add("标签提示词")
    Correction.objects.create(article=article, text="更正提示词")
    fields = sorted(hit.field for hit in wordcheck.check(article))
    assert len(fields) == 7
    assert {"tags", "corrections"} <= set(fields) or {"标签", "更正"} & set(fields)


def test_a_block_level_word_refuses_sign_off_through_the_change_form(client, review_setup):
    article = in_review_at_last_stage(review_setup, headline="标题含禁用词")
    client.force_login(review_setup["chief"])
    response = take_step(client, article, "publish")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == S.IN_REVIEW
    assert not SignOff.objects.exists()
    errors = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "error"]
    assert len(errors) == 1 and "禁用词" in errors[0]


def test_a_review_level_word_needs_each_reviewer_to_acknowledge_it_and_that_is_logged(
    review_setup,
):
    article = make_article(
        section=review_setup["section"], status=S.DRAFT, headline="审核词", summary="又一个审核词"
    )
    editor = review_setup["editor"]
    workflow.perform(article, editor, "submit")  # the writer is told, not stopped
    with pytest.raises(workflow.TransitionRefused) as refusal:
        workflow.perform(article, editor, "pass")
    assert "审核词" in str(refusal.value)
    keys = _all_keys(article)
    assert len(keys) == 2  # one per field
    with pytest.raises(workflow.TransitionRefused):
        workflow.perform(article, editor, "pass", acknowledged=keys[:1])
    entry = workflow.perform(article, editor, "pass", acknowledged=keys)
    logged = sorted(Acknowledgement.objects.filter(transition=entry).values_list("word", "field"))
    assert [word for word, _field in logged] == ["审核词", "审核词"]
    assert all("审核词" in ack.context for ack in Acknowledgement.objects.all())


def test_a_note_level_word_is_shown_and_stops_nothing(client, review_setup):
    article = in_review_at_last_stage(review_setup, headline="含提示词的标题")
    client.force_login(review_setup["chief"])
    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    html = page.content.decode()
    assert '<mark class="sensitive-note"' in html and "提示词</mark>" in html
    assert "替换" in page_text(page)
    workflow.perform(article, review_setup["chief"], "publish")
    assert Article.objects.get(pk=article.pk).is_public()


def test_saving_reports_the_hits_beside_the_saved_form(client, review_setup):
    from tests.factories import change_form_data

    article = make_article(section=review_setup["section"], status=S.DRAFT)
    client.force_login(review_setup["editor"])
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(url, change_form_data(article, headline="新标题有禁用词"), follow=True)
    assert any("禁用词" in str(m) for m in response.context["messages"])


def test_hits_are_marked_in_the_revision_diff(client, review_setup):
    from articles import revisions

    article = make_article(section=review_setup["section"], status=S.DRAFT, headline="旧标题")
    old = revisions.record(article, None, "old")
    Article.objects.filter(pk=article.pk).update(headline="新标题有审核词")
    new = revisions.record(article, None, "new")
    client.force_login(review_setup["editor"])
    url = reverse("admin:articles_article_revision_diff", args=[article.pk])
    versions = [revisions.version_in(r, article).pk for r in (old, new)]
    html = client.get(url, {"old": versions[0], "new": versions[1]}).content.decode()
    assert '<mark class="sensitive-review" title="测试">审核词</mark>' in html


def test_the_matcher_follows_the_list_as_it_changes(review_setup):
    article = make_article(section=review_setup["section"], headline="新词出现")
    assert wordcheck.check(article) == []
    word = SensitiveWord.objects.create(word="新词", level="note")
    assert [hit.hit.word for hit in wordcheck.check(article)] == ["新词"]
    word.delete()
    assert wordcheck.check(article) == []


def test_a_word_list_imports_from_a_text_file_in_the_admin_and_is_revisioned(client, tmp_path):
    chief = make_staff("chief", roles.EDITOR_IN_CHIEF)
    client.force_login(chief)
    upload = io.BytesIO(
        "# 列表\n甲词\tblock\t政治\t删去\n乙词,review,低俗\n丙词\n甲词\tnote\n".encode()
    )
    upload.name = "words.txt"
    url = reverse("admin:review_sensitiveword_import")
    response = client.post(url, {"file": upload})
    assert response.status_code == 302
    stored = {w.word: (w.level, w.category, w.replacement) for w in SensitiveWord.objects.all()}
    assert stored == {
        "甲词": ("block", "政治", "删去"),
        "乙词": ("review", "低俗", ""),
        "丙词": ("review", "", ""),
    }
    assert Version.objects.get_for_model(SensitiveWord).count() == 3
    SensitiveWord.objects.filter(word="丙词").update(level="note")
    out = io.StringIO()
    path = tmp_path / "words.txt"
    path.write_text("丙词\treview\n丁词\tnote\n", encoding="utf-8")
    call_command("import_sensitive_words", str(path), stdout=out)
    assert out.getvalue().strip() == "added 1, updated 1, unchanged 0"


def test_a_bad_word_file_changes_nothing_and_says_which_line(client):
    chief = make_staff("chief", roles.EDITOR_IN_CHIEF)
    client.force_login(chief)
    upload = io.BytesIO("好词\tblock\n坏词\tsevere\n".encode())
    upload.name = "words.txt"
    response = client.post(reverse("admin:review_sensitiveword_import"), {"file": upload})
    assert response.status_code == 200
    assert "2" in page_text(response)
    assert not SensitiveWord.objects.exists()


def test_editors_cannot_change_the_lists(client):
    editor = make_staff("editor", roles.EDITOR)
    client.force_login(editor)
    assert client.get(reverse("admin:review_sensitiveword_import")).status_code == 403
    assert client.get(reverse("admin:review_sensitiveword_changelist")).status_code == 200


def test_the_demo_list_loads_and_is_found():
    call_command("loaddata", "fixtures/sensitive_words.json", verbosity=0)
    matcher = wordcheck.current_matcher()
    levels = sorted(hit.level for hit in matcher.find("示例禁用词，示例审核词，示例提示词"))
    assert levels == ["block", "note", "review"]
    with reversion.create_revision():
        SensitiveWord.objects.get(word="示例提示词").save()
