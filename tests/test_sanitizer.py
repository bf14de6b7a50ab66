import json
import re
from html.parser import HTMLParser

import pytest

from articles.models import Article
from articles.sanitize import clean_html
from tests.factories import make_article
from tests.xss_payloads import XSS_PAYLOADS

RUNNABLE_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "form",
    "input",
    "select",
    "style",
    "link",
    "meta",
    "base",
    "svg",
    "math",
    "body",
    "frame",
    "frameset",
    "applet",
}
RUNNABLE_URL = re.compile(r"^(javascript|vbscript|data:text|data:image/svg)", re.IGNORECASE)


class RunnableParts(HTMLParser):
    """Whatever in parsed markup could run script: tags, handlers, styles and script URLs."""

    def __init__(self, markup):
        super().__init__()
        self.found = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        if tag in RUNNABLE_TAGS:
            self.found.append(tag)
        for name, value in attrs:
            url = re.sub(r"[\x00-\x20]", "", value or "")
            if name.startswith("on") or name in ("style", "srcdoc") or RUNNABLE_URL.match(url):
                self.found.append(f"{tag} {name}={value}")


def test_corpus_has_at_least_fifty_payloads():
    assert len(XSS_PAYLOADS) >= 50
    assert len(set(XSS_PAYLOADS)) == len(XSS_PAYLOADS)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_loses_everything_that_can_run(payload):
    assert RunnableParts(clean_html(payload)).found == [], clean_html(payload)


@pytest.mark.parametrize(
    "markup",
    [
        "<p>武汉市把“改”字贯穿始终。</p>",
        "<h2>将主题教育“课堂”搬到调研现场</h2>",
        "<h3>小标题</h3><h4>更小</h4>",
        "<ul><li>一</li><li>二</li></ul>",
        '<ol start="3"><li>三</li></ol>',
        "<blockquote><p>引语</p></blockquote>",
        "<p><strong>粗</strong><em>斜</em><u>下划线</u><s>删除</s><br>换行</p>",
        '<p><img src="/media/uploads/a.jpg" alt="图" width="600" height="400"></p>',
        "<table><thead><tr><th>项目</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>",
    ],
)
def test_safe_news_markup_is_kept_intact(markup):
    assert clean_html(markup) == markup


def test_links_are_kept_and_made_safe_to_follow():
    cleaned = clean_html('<a href="https://www.cnhubei.com/x.html" title="荆楚网">荆楚网</a>')
    assert 'href="https://www.cnhubei.com/x.html"' in cleaned
    assert 'rel="noopener noreferrer"' in cleaned


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ('<img src="/media/a.jpg">', '<img alt="" src="/media/a.jpg">'),
        (
            '<img title="a&gt;b alt=x" src="/a.jpg">',
            '<img alt="" title="a&gt;b alt=x" src="/a.jpg">',
        ),
        ('<img src="/a.jpg" alt="现场">', '<img src="/a.jpg" alt="现场">'),
        ('<img src="/a.jpg" alt="">', '<img src="/a.jpg" alt="">'),
    ],
)
def test_an_image_without_a_description_is_marked_as_described_by_its_text(given, kept):
    assert clean_html(given) == kept
    assert clean_html(kept) == kept


def test_cleaning_is_idempotent():
    once = clean_html("".join(XSS_PAYLOADS) + '<p><a href="https://a.cn">a</a></p>')
    assert clean_html(once) == once


@pytest.mark.django_db
def test_body_is_sanitized_on_save():
    article = make_article(body="<p onclick=x>正文</p><script>alert(1)</script>")
    assert article.body == "<p>正文</p>"
    assert Article.objects.get(pk=article.pk).body == "<p>正文</p>"


@pytest.mark.django_db
def test_body_is_sanitized_on_queryset_update():
    article = make_article(body="<p>正文</p>")
    Article.objects.filter(pk=article.pk).update(body='<p>改</p><img src=x onerror="alert(1)">')
    assert Article.objects.get(pk=article.pk).body == '<p>改</p><img alt="" src="x">'


@pytest.mark.django_db
def test_body_is_sanitized_when_loaded_from_a_fixture(tmp_path):
    from django.core.management import call_command

    article = make_article(body="<p>原文</p>")
    fixture = tmp_path / "evil.json"
    fields = {
        "headline": "x",
        "section": article.section_id,
        "status": "draft",
        "body": "<p>a</p><script>alert(1)</script>",
        "created_at": "2020-01-01T00:00:00Z",
        "updated_at": "2020-01-01T00:00:00Z",
    }
    fixture.write_text(
        json.dumps([{"model": "articles.article", "pk": article.pk, "fields": fields}]),
        encoding="utf-8",
    )
    call_command("loaddata", str(fixture), verbosity=0)
    assert Article.objects.get(pk=article.pk).body == "<p>a</p>"


@pytest.mark.django_db
def test_body_cannot_be_bulk_updated_with_an_expression():
    from django.db.models import Value

    article = make_article(body="<p>正文</p>")
    for manager in (Article.objects, Article._base_manager):
        with pytest.raises(TypeError):
            manager.filter(pk=article.pk).update(body=Value("<script>alert(1)</script>"))
    assert Article.objects.get(pk=article.pk).body == "<p>正文</p>"
