"""The footer every Chinese news site carries, the site's own pages, the human site map and the
feeds page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import SitePage
from tests.factories import make_article, make_section, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator_settings(settings):
    settings.SITE_ICP_NUMBER = "鄂ICP备12345678号-1"
    settings.SITE_NEWS_LICENSE = "42120170001"
    settings.SITE_PSB_NUMBER = "鄂公网安备 42010602000123号"
    settings.SITE_REPORT_PHONE = "027-8765 4321"
    settings.SITE_REPORT_EMAIL = "jubao@example.cn"
    settings.SITE_COPYRIGHT = "荆楚网（湖北日报网）版权所有"
    return settings


def footer(client, url="/"):
    html = client.get(url).content.decode()
    return html[html.index('<footer class="site-footer">') :]


def test_footer_shows_the_operators_registrations_linked_to_the_registries(
    client, operator_settings
):
    html = footer(client)
    assert (
        '<a href="https://beian.miit.gov.cn/" rel="noopener" target="_blank">鄂ICP备12345678号-1</a>'
        in html
    )
    assert "互联网新闻信息服务许可证：42120170001" in html
    assert (
        'href="https://beian.mps.gov.cn/#/query/webSearch?code=42010602000123"' in html
        and "鄂公网安备 42010602000123号</a>" in html
    )
    assert 'href="tel:027-87654321">027-8765 4321</a>' in html
    assert 'href="mailto:jubao@example.cn">jubao@example.cn</a>' in html
    assert "违法和不良信息举报" in html and "https://www.12377.cn/" in html
    assert "荆楚网（湖北日报网）版权所有" in html


def test_footer_leaves_out_what_the_operator_has_not_set(client, settings):
    html = footer(client)
    assert "beian" not in html and "举报" not in html and "许可证" not in html
    year = timezone.localdate().year
    assert f"Copyright © {year} {settings.SITE_NAME}" in html


@pytest.mark.parametrize("url", ["/", "/no-such-page/", "/sitemap/", "/pages/about/"])
def test_footer_links_about_contact_site_map_and_feeds_on_every_page(client, url):
    html = footer(client, url)
    for link, text in [
        ("/pages/about/", "关于我们"),
        ("/pages/contact/", "联系我们"),
        ("/sitemap/", "网站地图"),
        ("/feeds/", "RSS订阅"),
    ]:
        assert f'<a href="{link}">{text}</a>' in html


def test_footer_costs_no_query(client, django_assert_num_queries):
    from django.template import Context, Template

    with django_assert_num_queries(0):
        Template("{% load public_site %}{% site_footer %}").render(Context())


def test_about_and_contact_pages_exist_from_the_start(client):
    assert client.get("/pages/about/").status_code == 200
    assert client.get("/pages/contact/").status_code == 200
    assert client.get("/pages/none/").status_code == 404


def test_a_site_page_shows_what_the_operator_wrote(client):
    about = SitePage.objects.get(slug="about")
    about.title, about.body = "关于荆楚网", "<p>湖北门户</p>"
    about.save()
    page = client.get("/pages/about/").content.decode()
    assert "<h1>关于荆楚网</h1>" in page and "<p>湖北门户</p>" in page


def test_the_pages_the_footer_links_cannot_be_deleted_but_others_can(client):
    client.force_login(make_staff("root", is_superuser=True))
    about = SitePage.objects.get(slug="about")
    other = SitePage.objects.create(slug="ads", title="广告服务")
    assert client.get(f"/admin/articles/sitepage/{about.pk}/delete/").status_code == 403
    assert client.get(f"/admin/articles/sitepage/{other.pk}/delete/").status_code == 200


def test_a_site_page_body_is_sanitized(client):
    SitePage.objects.filter(slug="contact").update(body="<p>电话</p><script>alert(1)</script>")
    page = SitePage.objects.get(slug="contact")
    page.save()
    assert "<script" not in SitePage.objects.get(slug="contact").body


def test_site_map_shows_the_section_tree_and_the_latest_articles(client):
    news = make_section("新闻", "news")
    hubei = make_section("湖北", "hubei", parent=news)
    hidden = make_section("停用", "off", active=False)
    make_section("停用之下", "below", parent=hidden)
    article = make_article(hubei, headline="全省重大项目开工")
    make_article(hubei, headline="明天见报", published_at=timezone.now() + timedelta(days=1))
    page = client.get("/sitemap/").content.decode()
    assert page.index('href="/news/">新闻</a>') < page.index('href="/news/hubei/">湖北</a>')
    assert "停用" not in page
    assert f'href="{article.get_absolute_url()}">全省重大项目开工</a>' in page
    assert "明天见报" not in page


def test_site_map_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for n in range(5):
        root = make_section(f"栏目{n}", f"root-{n}")
        make_article(make_section(f"子栏目{n}", f"child-{n}", parent=root))
    from frontpage.models import Topic

    for n in range(5):
        Topic.objects.create(title=f"专题{n}", slug=f"topic-{n}")
    with django_assert_max_num_queries(5):
        assert client.get("/sitemap/").status_code == 200


def test_feeds_page_lists_every_feed_with_its_type(client):
    news = make_section("新闻", "news")
    make_section("湖北", "hubei", parent=news)
    page = client.get("/feeds/").content.decode()
    assert '<a href="/feeds/rss.xml" type="application/rss+xml">' in page
    assert '<a href="/feeds/atom.xml" type="application/atom+xml">' in page
    assert 'href="/feeds/news/hubei/rss.xml" type="application/rss+xml"' in page
    assert 'href="/feeds/news/hubei/atom.xml" type="application/atom+xml"' in page


@pytest.mark.parametrize("url", ["/feeds/rss.xml", "/feeds/atom.xml", "/feeds/news/rss.xml"])
def test_feeds_name_a_stylesheet_that_shows_them_as_a_page(client, url):
    make_article(make_section("新闻", "news"))
    xml = client.get(url).content.decode()
    instruction = re.search(r"<\?xml-stylesheet ([^?]*)\?>", xml)
    assert 'href="/feeds/feed.xsl"' in instruction[1] and 'type="text/xsl"' in instruction[1]
    assert instruction.start() < min(xml.find(root) % len(xml) for root in ("<rss", "<feed"))
    stylesheet = client.get("/feeds/feed.xsl")
    assert stylesheet["Content-Type"].startswith("text/xsl")
    assert b'<xsl:for-each select="rss/channel/item | atom:feed/atom:entry">' in stylesheet.content
    # The page it makes speaks the reader's language, like the site's own pages.
    assert "这是一个 RSS 订阅源" in stylesheet.content.decode()


def test_section_slugs_used_by_the_site_pages_are_reserved():
    from django.core.exceptions import ValidationError

    from articles.models import Section

    for slug in ("pages", "sitemap"):
        with pytest.raises(ValidationError):
            Section(name="x", slug=slug).full_clean()


def test_site_map_lists_the_topics_open_ones_first(client):
    from frontpage.models import Topic

    Topic.objects.create(title="抗洪专题", slug="flood", is_closed=True)
    Topic.objects.create(title="两会专题", slug="two-sessions")
    page = client.get("/sitemap/").content.decode()
    assert page.index('href="/topics/two-sessions/">两会专题</a>') < page.index(
        'href="/topics/flood/">抗洪专题</a>'
    )


def test_saving_a_topic_invalidates_the_site_map(django_capture_on_commit_callbacks):
    from articles.page_keys import SITEMAPS
    from frontpage.models import Topic
    from pagecache.models import Invalidation

    with django_capture_on_commit_callbacks(execute=True):
        Topic.objects.create(title="两会专题", slug="two-sessions")
    invalidated = {key for record in Invalidation.objects.all() for key in record.key_list()}
    assert SITEMAPS in invalidated


def test_the_editor_in_chief_edits_a_site_page_in_the_rich_text_editor(client):
    from articles import roles

    client.force_login(make_staff("chief", roles.EDITOR_IN_CHIEF))
    about = SitePage.objects.get(slug="about")
    url = f"/admin/articles/sitepage/{about.pk}/change/"
    form = client.get(url)
    assert form.status_code == 200 and "django-ckeditor-widget" in form.content.decode()
    response = client.post(url, {"title": "关于荆楚网", "slug": "about", "body": "<p>湖北门户</p>"})
    assert response.status_code == 302
    assert "<p>湖北门户</p>" in client.get("/pages/about/").content.decode()


def test_an_editor_may_not_change_the_site_pages(client):
    from articles import roles

    client.force_login(make_staff("editor", roles.EDITOR))
    about = SitePage.objects.get(slug="about")
    url = f"/admin/articles/sitepage/{about.pk}/change/"
    assert client.get(url).status_code == 403
    client.post(url, {"title": "改了", "slug": "about", "body": ""})
    assert SitePage.objects.get(slug="about").title != "改了"
