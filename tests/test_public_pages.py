import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles import roles, workflow
from articles.models import Article
from tests.factories import (
    add_byline,
    make_article,
    make_contributor,
    make_outlet,
    make_role,
    make_section,
    make_staff,
    page_text,
)

pytestmark = pytest.mark.django_db

SAMPLE_TIME = timezone.datetime(2019, 7, 29, 11, 26, 52, tzinfo=timezone.get_default_timezone())


@pytest.fixture
def sample():
    news = make_section("新闻", "news")
    hubei = make_section("湖北", "hubei", parent=news)
    jingchu = make_outlet("荆楚网", homepage="http://www.cnhubei.com/")
    daily = make_outlet("湖北日报", with_notice=False)
    editor = make_staff("zhangsan", first_name="张三")
    article = make_article(
        hubei,
        published_at=SAMPLE_TIME,
        kicker="引题",
        headline="武汉市用改的成效回应群众关切",
        subheadline="带着“放大镜”多看“角落”",
        list_title="用“放大镜”看“角落”",
        summary="武汉市把“改”字贯穿始终。",
        body="<p>坚持真抓实干。</p><h2>将主题教育“课堂”搬到调研现场</h2><p>正文。</p>",
        source=jingchu,
        responsible_editor=editor,
    )
    add_byline(article, make_contributor("胡弦", daily), make_role("全媒记者", "allmedia"))
    add_byline(article, make_contributor("吴佳怡", daily), make_role("实习生", "intern"))
    article.tags.add("主题教育", "武汉")
    return article


def test_article_url_holds_section_path_shanghai_date_and_id(sample):
    assert sample.get_absolute_url() == f"/news/hubei/2019/07/29/{sample.pk}/"


def test_article_url_date_is_the_shanghai_date_not_utc(sample):
    sample.published_at = timezone.datetime(2019, 7, 28, 17, 0, tzinfo=UTC)
    assert "/2019/07/29/" in sample.get_absolute_url()


def test_article_page_shows_what_the_captured_page_shows(client, sample):
    response = client.get(sample.get_absolute_url())
    assert response.status_code == 200
    text = page_text(response)
    for expected in (
        "首页 > 新闻 > 湖北",
        "引题",
        "武汉市用改的成效回应群众关切",
        "带着“放大镜”多看“角落”",
        "发布时间:2019-07-29 11:26:52",
        "来源:荆楚网",
        "湖北日报全媒记者 胡弦 实习生 吴佳怡",
        "将主题教育“课堂”搬到调研现场",
        "(责编: 张三)",
        "凡注明“来源:荆楚网”的作品,版权归荆楚网所有。",
    ):
        assert expected in text
    order = [
        "首页",
        "发布时间",
        "来源:荆楚网",
        "湖北日报全媒记者",
        "坚持真抓实干",
        "主题教育 武汉",
        "(责编",
        "凡注明",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)


def test_article_page_links_breadcrumbs_outlet_contributors_and_tags(client, sample):
    html = client.get(sample.get_absolute_url()).content.decode()
    assert '<a href="/">首页</a>' in html
    assert '<a href="/news/">新闻</a>' in html
    assert '<a href="/news/hubei/" aria-current="location">湖北</a>' in html
    assert f'<a href="/outlets/{sample.source_id}/">荆楚网</a>' in html
    for byline in sample.bylines.all():
        assert f'<a href="/contributors/{byline.contributor_id}/">' in html
    assert 'href="/tags/%E6%AD%A6%E6%B1%89/"' in html
    assert '<html lang="zh-Hans">' in html
    assert '<nav class="breadcrumbs"' in html


def test_article_page_has_title_description_canonical_and_open_graph(client, sample):
    html = client.get(sample.get_absolute_url()).content.decode()
    assert "<title>用“放大镜”看“角落” - 荆楚网</title>" in html
    assert '<meta name="description" content="武汉市把“改”字贯穿始终。">' in html
    assert (
        f'<link rel="canonical" href="http://testserver/news/hubei/2019/07/29/{sample.pk}/">'
        in html
    )
    assert '<meta property="og:title" content="用“放大镜”看“角落”">' in html
    assert "noindex" not in html


def test_source_links_to_our_outlet_page_which_links_the_outlets_homepage(
    client, sample, django_capture_on_commit_callbacks
):
    outlet_page = client.get(f"/outlets/{sample.source_id}/").content.decode()
    assert '<a href="http://www.cnhubei.com/" rel="noopener">http://www.cnhubei.com/</a>' in (
        outlet_page
    )
    with django_capture_on_commit_callbacks(execute=True):
        sample.source.homepage = ""
        sample.source.save()
    response = client.get(sample.get_absolute_url())
    assert "来源:荆楚网" in page_text(response)
    assert f'<a href="/outlets/{sample.source_id}/">荆楚网</a>' in response.content.decode()
    assert "cnhubei" not in client.get(f"/outlets/{sample.source_id}/").content.decode()


@pytest.mark.parametrize("list_title", ["", "同一个标题"])
def test_a_list_title_that_is_not_a_different_title_is_not_shown_twice(client, list_title):
    article = make_article(headline="同一个标题", list_title=list_title)
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'class="list-title"' not in html
    assert page_text_of_main(html).count("同一个标题") == 1


def page_text_of_main(html):
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"<[^>]+>", "", main)


def test_repost_names_the_original_outlet_title_and_author(client):
    outlet = make_outlet("人民网", approved_for_reposts=True)
    article = make_article(
        source=outlet,
        is_repost=True,
        original_title="原来的标题",
        original_author="王五",
        original_url="https://example.cn/a",
    )
    text = page_text(client.get(article.get_absolute_url()))
    assert "转载自人民网" in text
    assert "原标题:《原来的标题》" in text
    assert "原作者:王五" in text


def test_article_with_no_editor_leaves_out_the_editor_line(client):
    article = make_article()
    assert "责编" not in page_text(client.get(article.get_absolute_url()))


def test_old_url_answers_301_to_the_new_section_after_a_move(client, sample):
    old_url = sample.get_absolute_url()
    sample.section = make_section("武汉", "wuhan", parent=sample.section)
    sample.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == f"/news/hubei/wuhan/2019/07/29/{sample.pk}/"
    assert client.get(response["Location"]).status_code == 200


def test_old_url_answers_301_after_the_parent_section_is_renamed(client, sample):
    old_url = sample.get_absolute_url()
    news = sample.section.parent
    news.slug = "xinwen"
    news.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == f"/xinwen/hubei/2019/07/29/{sample.pk}/"


def test_wrong_date_in_the_url_answers_301_to_the_canonical_url(client, sample):
    response = client.get(f"/news/hubei/2001/01/01/{sample.pk}/")
    assert response.status_code == 301
    assert response["Location"] == sample.get_absolute_url()


def test_changing_the_headline_keeps_the_url(sample):
    url = sample.get_absolute_url()
    sample.headline = "新标题"
    sample.save()
    assert sample.get_absolute_url() == url


def test_section_page_lists_its_and_its_descendants_articles_newest_first(client):
    news = make_section("新闻", "news")
    hubei = make_section("湖北", "hubei", parent=news)
    sports = make_section("体育", "sports")
    now = timezone.now()
    older = make_article(news, headline="较早", published_at=now - timedelta(days=2))
    newer = make_article(hubei, headline="较新", published_at=now - timedelta(days=1))
    make_article(sports, headline="体育新闻")
    response = client.get("/news/")
    assert response.status_code == 200
    assert list(response.context["page_obj"]) == [newer, older]
    text = page_text(response)
    assert "首页 > 新闻" in text
    assert "体育新闻" not in text
    assert '<a href="/news/hubei/">湖北</a>' in response.content.decode()
    assert '<a href="/news/" aria-current="page">新闻</a>' in response.content.decode()


def test_section_page_is_paginated(client):
    section = make_section("新闻", "news")
    for _ in range(25):
        make_article(section)
    assert len(client.get("/news/").context["page_obj"]) == 20
    second = client.get("/news/?page=2")
    assert len(second.context["page_obj"]) == 5
    assert 'rel="prev" href="?page=1"' in second.content.decode()


def blocks_by_name(response):
    return {item.block.name: item.articles for item in response.context["blocks"]}


def test_home_shows_latest_articles_and_a_block_per_top_level_section(client):
    news = make_section("新闻", "news")
    hubei = make_section("湖北", "hubei", parent=news)
    sports = make_section("体育", "sports")
    make_section("空栏目", "empty")
    in_hubei = make_article(hubei, headline="湖北的新闻", published_at=timezone.now())
    in_sports = make_article(sports, headline="体育的新闻")
    response = client.get("/")
    assert response.status_code == 200
    blocks = blocks_by_name(response)
    # The newest leads (头条); the others follow in 要闻; each section block repeats none.
    assert blocks["头条"] == [in_hubei] and blocks["要闻"] == [in_sports]
    assert blocks["新闻"] == [] and blocks["体育"] == [] and blocks["空栏目"] == []


def test_home_section_blocks_hold_at_most_five_newest_per_section(client):
    news = make_section("新闻", "news")
    now = timezone.now()
    made = [make_article(news, published_at=now - timedelta(minutes=i)) for i in range(20)]
    blocks = blocks_by_name(client.get("/"))
    assert blocks["头条"] == made[:1] and blocks["要闻"] == made[1:11]
    assert blocks["新闻"] == made[11:16]


def test_tag_page_lists_the_tagged_articles(client):
    tagged = make_article(headline="有标签")
    tagged.tags.add("武汉")
    make_article(headline="没有标签")
    response = client.get(reverse("articles:tag", args=["武汉"]))
    assert response.status_code == 200
    assert list(response.context["page_obj"]) == [tagged]


@pytest.mark.parametrize(
    "hidden",
    [
        {"status": Article.Status.DRAFT, "published_at": None},
        {"published_at": timezone.now() + timedelta(days=1)},
        {"status": Article.Status.WITHDRAWN},
    ],
)
def test_a_tag_only_unpublished_articles_carry_has_no_page(client, hidden):
    make_article(headline="未发布", **hidden).tags.add("某案内情")
    assert client.get(reverse("articles:tag", args=["某案内情"])).status_code == 404
    make_article(headline="已发布").tags.add("某案内情")
    assert client.get(reverse("articles:tag", args=["某案内情"])).status_code == 200


def test_contributor_page_shows_bio_and_articles_with_their_roles(client):
    daily = make_outlet("湖北日报")
    huxian = make_contributor("胡弦", daily, bio="湖北日报全媒记者,跑时政。")
    reporter, photographer = make_role("记者"), make_role("摄影")
    both = make_article(headline="文字和摄影")
    add_byline(both, huxian, reporter)
    add_byline(both, huxian, photographer)
    make_article(headline="别人的稿子")
    response = client.get(huxian.get_absolute_url())
    text = page_text(response)
    assert "湖北日报全媒记者,跑时政。" in text
    assert "文字和摄影" in text
    assert "角色:记者、摄影" in text
    assert "别人的稿子" not in text
    assert f'<a href="/outlets/{daily.pk}/">湖北日报</a>' in response.content.decode()


def test_outlet_page_lists_articles_from_that_source(client):
    outlet = make_outlet("荆楚网")
    mine = make_article(source=outlet, headline="荆楚网的稿子")
    make_article(headline="别处的稿子")
    response = client.get(outlet.get_absolute_url())
    assert list(response.context["page_obj"]) == [mine]


@pytest.mark.parametrize(
    "url",
    [
        "/no/such/section/",
        "/news/2019/07/29/abc/",
        "/news/2019/07/29/99999/",
        "/news/2019/07/29/99999999999999999999999/",
        "/news/?page=0",
        "/news/?page=-1",
        "/news/?page=two",
        "/news/?page=99",
        "/news/?page=1.5",
        "/news/?page=" + "9" * 40,
        "/news/?q=" + "x" * 1000,
        "/tags/no-such-tag/",
        "/tags/%00/",
        "/tags/a%00b/",
        "/tags/%1F/",
        "/news/%00/",
        "/feeds/news%00/rss.xml",
        "/news/?page=%00",
        "/sitemap-articles.xml?p=%00",
        "/contributors/1%00/",
        "/contributors/123456/",
        "/contributors/x/",
        "/outlets/123456/",
        "/feeds/no/such/rss.xml",
        "/%E6%96%B0%E9%97%BB/",
        "/news/<script>/",
    ],
)
def test_bad_input_answers_404_never_500(client, url):
    make_article(make_section("新闻", "news"))
    response = client.get(url)
    assert response.status_code == 404
    assert "首页" in page_text(response)


def test_404_page_is_in_the_site_design(client):
    response = client.get("/nowhere/at/all/")
    assert response.status_code == 404
    assert "页面不存在" in page_text(response)
    assert '<link rel="stylesheet"' in response.content.decode()


def test_500_page_renders_without_a_database_or_request(client):
    from django.template import loader

    html = loader.get_template("500.html").render()
    assert "出错了" in html
    assert '<html lang="zh-Hans">' in html


def test_staff_preview_shows_a_draft_with_a_banner_and_noindex(client):
    author = make_staff("intern1", roles.INTERN)
    draft = make_article(status=Article.Status.DRAFT, headline="草稿", created_by=author)
    client.force_login(author)
    response = client.get(f"/preview/{draft.pk}/")
    assert response.status_code == 200
    assert "草稿" in page_text(response)
    assert "预览" in page_text(response)
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in response.content.decode()
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("group", [roles.INTERN, roles.REPORTER])
def test_a_writer_cannot_preview_someone_elses_draft(client, group):
    draft = make_article(status=Article.Status.DRAFT, created_by=make_staff("other"))
    client.force_login(make_staff("writer", group))
    assert client.get(f"/preview/{draft.pk}/").status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_an_editor_previews_any_draft(client):
    draft = make_article(status=Article.Status.DRAFT, created_by=make_staff("other"))
    client.force_login(make_staff("editor", roles.EDITOR))
    assert client.get(f"/preview/{draft.pk}/").status_code == 200


def test_corrections_show_on_the_public_page_with_their_time(
    client, django_capture_on_commit_callbacks
):
    editor = make_staff("editor", roles.EDITOR)
    shanghai = ZoneInfo("Asia/Shanghai")
    article = make_article(published_at=datetime(2025, 1, 1, 8, 0, tzinfo=shanghai))
    client.get(article.get_absolute_url())
    with (
        django_capture_on_commit_callbacks(execute=True),
        time_machine.travel(datetime(2026, 3, 1, 9, 30, tzinfo=shanghai), tick=False),
    ):
        workflow.add_correction(article, editor, "第三段中的“4100余个”应为“4100余座”。")
    text = page_text(client.get(article.get_absolute_url()))
    assert "更正" in text
    assert "2026-03-01 09:30:00 第三段中的“4100余个”应为“4100余座”。" in text


# HTML's global date-time: at most three digits of fractions, and an offset.
HTML_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?(Z|[+-]\d\d:?\d\d)")


def test_every_time_element_carries_a_valid_html_date_time_to_the_second(client):
    editor = make_staff("editor", roles.EDITOR)
    news = make_section("新闻", "news")
    moment = datetime(2025, 1, 1, 8, 0, 5, 123456, tzinfo=ZoneInfo("Asia/Shanghai"))
    article = make_article(news, published_at=moment)
    make_article(news, published_at=moment.replace(microsecond=654321))
    workflow.add_correction(article, editor, "更正一处笔误。")
    for url in ("/", news.get_absolute_url(), article.get_absolute_url()):
        values = re.findall(r'<time datetime="([^"]*)"', client.get(url).content.decode())
        assert values, url
        for value in values:
            assert HTML_DATETIME.fullmatch(value), (url, value)
    assert "2025-01-01T08:00:05+08:00" in client.get("/").content.decode()


@pytest.mark.parametrize("reader", ["en", "zh-hans"])
def test_the_page_language_is_the_content_s_and_only_the_interface_follows_the_reader(
    client, sample, reader
):
    html = client.get(sample.get_absolute_url(), headers={"accept-language": reader}).text
    assert '<html lang="zh-Hans">' in html
    marked = re.findall(r'<(\w+)[^>]* lang="en"[^>]*>', html)
    if reader == "en":
        assert {"a", "form", "span", "nav"} <= set(marked)
        assert '<span class="label" lang="en">Tags:</span>' in html
    else:
        assert marked == []
