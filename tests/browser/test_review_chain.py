"""A writer's article through a three-stage chain to 签发 in Chromium, with a word to review."""

import pytest

from articles import roles
from articles.models import Article
from review.models import Acknowledgement, SensitiveWord, SignOff
from tests.browser.helpers import choose, log_in
from tests.factories import make_section, make_staff
from tests.review_cases import DESK_HEAD, staff, three_stage_chain

pytestmark = pytest.mark.browser

ADD_URL = "/admin/articles/article/add/"
HEADLINE = "示例审核词出现在标题里"


def click_step(page, action):
    page.click(f".submit-row button[name=_workflow][value={action}]")
    page.wait_for_selector(".messagelist")


def test_a_writers_article_goes_through_three_stages_to_sign_off(
    page, new_page, script_watch, screenshots
):
    news = make_section("新闻", "news")
    three_stage_chain(news)
    SensitiveWord.objects.create(word="示例审核词", level="review", category="示例")
    make_staff("intern", roles.INTERN)
    make_staff("editor", roles.EDITOR)
    staff("deskhead", DESK_HEAD)
    make_staff("chief", roles.EDITOR_IN_CHIEF)

    log_in(page, "intern", "pw-intern", ADD_URL)
    page.fill("#id_headline", HEADLINE)
    choose(page, "id_section", "news", "新闻")
    click_step(page, "submit")  # 保存并提交审核, beside 保存 on the add form
    assert "示例审核词" in page.inner_text(".messagelist")  # the writer is told on saving
    article = Article.objects.get(headline=HEADLINE)
    assert article.status == Article.Status.IN_REVIEW

    for username, desk_stage in (("editor", "初审"), ("deskhead", "复审")):
        reviewer = new_page()
        log_in(reviewer, username, f"pw-{username}")
        row = reviewer.locator(f"#desk-waiting tr:has-text('{HEADLINE}')")
        assert desk_stage in row.inner_text()
        row.locator("a").click()
        reviewer.wait_for_selector("#word-hits mark.sensitive-review")
        # Passing without looking at the word is refused, and says which word.
        click_step(reviewer, "pass")
        assert "示例审核词" in reviewer.inner_text(".messagelist .error")
        reviewer.check("#acknowledge input[type=checkbox]")
        click_step(reviewer, "pass")
        assert reviewer.locator(".messagelist .error").count() == 0

    chief = new_page()
    log_in(chief, "chief", "pw-chief")
    chief.click(f"#desk-waiting a:has-text('{HEADLINE}')")
    assert "终审" in chief.inner_text("#workflow h2")
    chief.check("#acknowledge input[type=checkbox]")
    screenshots(chief, "review-chain-sign-off")
    click_step(chief, "publish")
    assert "签发" in chief.inner_text("#sign-offs")
    assert "chief" in chief.inner_text("#sign-offs")

    article.refresh_from_db()
    assert article.is_public()
    sign_off = SignOff.objects.get(article=article)
    assert sign_off.signed_by.username == "chief"
    acknowledged = Acknowledgement.objects.filter(transition__article=article)
    assert sorted(a.transition.stage for a in acknowledged) == ["初审", "复审", "终审"]
    reader = new_page()
    reader.goto(article.get_absolute_url())
    assert HEADLINE in reader.inner_text("h1")
    script_watch.settle()
    assert script_watch.executions == [] and script_watch.page_errors == []
