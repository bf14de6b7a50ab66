import json
import re

import pytest

from articles.models import Article
from articles.sanitize import clean_html
from tests.factories import make_article

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//xss.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x onerror=alert(1)>",
    "<img src=x OnError=alert(1)>",
    '<img src="javascript:alert(1)">',
    "<img src=`javascript:alert(1)`>",
    "<img\x0csrc=x\x0conerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="  javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<object data=javascript:alert(1)></object>",
    "<embed src=javascript:alert(1)>",
    '<form action="javascript:alert(1)"><input type=submit></form>',
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div style="width:expression(alert(1))">x</div>',
    "<style>@import 'javascript:alert(1)';</style>",
    '<link rel=stylesheet href="javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    "<a href=# onclick=alert(1)>x</a>",
    '<p onmouseover="alert(1)">hover</p>',
    "<!--<img src=x onerror=alert(1)>-->",
    '"><script>alert(1)</script>',
    "<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041>",
    "<<SCRIPT>alert(1);//<</SCRIPT>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<a href="http://example.com" target="_blank" onclick="alert(1)">ok</a>',
]

DANGEROUS = re.compile(
    r"<\s*(script|iframe|object|embed|form|input|style|link|meta|base|svg|math|body)\b"
    r"|\son\w+\s*="
    r"""|\b(href|src|action|background)\s*=\s*["']?\s*(javascript|vbscript|data:text|data:image/svg)"""
    r"|\sstyle\s*=|srcdoc",
    re.IGNORECASE,
)


def test_corpus_has_at_least_thirty_payloads():
    assert len(XSS_PAYLOADS) >= 30


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_loses_everything_that_can_run(payload):
    assert not DANGEROUS.search(clean_html(payload)), clean_html(payload)


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
        '<p><img src="data:image/png;base64,iVBORw0KGgo=" alt="内嵌"></p>',
        "<table><thead><tr><th>项目</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>",
    ],
)
def test_safe_news_markup_is_kept_intact(markup):
    assert clean_html(markup) == markup


def test_links_are_kept_and_made_safe_to_follow():
    cleaned = clean_html('<a href="https://www.cnhubei.com/x.html" title="荆楚网">荆楚网</a>')
    assert 'href="https://www.cnhubei.com/x.html"' in cleaned
    assert 'rel="noopener noreferrer"' in cleaned


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
    assert Article.objects.get(pk=article.pk).body == '<p>改</p><img src="x">'


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
