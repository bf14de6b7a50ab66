import json
import re

import pytest

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


def json_ld(response):
    html = response.content.decode()
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(script)


def test_repost_json_ld_names_the_original_work_and_matches_the_page(client):
    people = make_outlet("人民网", approved_for_reposts=True)
    article = make_article(
        make_section("国内", "china"),
        headline="转载的稿件",
        summary="摘要",
        source=people,
        is_repost=True,
        original_title="原标题",
        original_author="王五",
        original_url="https://example.cn/a",
        responsible_editor=make_staff("editor1", first_name="李编辑"),
    )
    add_byline(article, make_contributor("张三", people), make_role("记者"))
    article.tags.add("国内")
    response = client.get(article.get_absolute_url())
    data = json_ld(response)
    text = page_text(response)
    assert data["isBasedOn"] == {
        "@type": "CreativeWork",
        "name": "原标题",
        "author": {"@type": "Person", "name": "王五"},
        "publisher": {"@type": "Organization", "name": "人民网"},
        "url": "https://example.cn/a",
    }
    assert data["sourceOrganization"]["name"] == "人民网"
    assert data["editor"]["name"] == "李编辑"
    assert "(责编: 李编辑)" in text
    assert data["author"][0]["affiliation"]["name"] == "人民网"
    assert data["keywords"] == ["国内"]
    assert data["description"] == "摘要"
    assert data["publisher"]["name"] == "荆楚网"
    assert data["copyrightNotice"] in text


def test_json_ld_cannot_close_its_script_element(client):
    article = make_article(headline="</script><script>alert(1)</script>&")
    html = client.get(article.get_absolute_url()).content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in script and "&" not in script.replace("\\u0026", "")
    assert json.loads(script)["headline"] == "</script><script>alert(1)</script>&"


def test_english_readers_get_the_english_interface(client):
    article = make_article(source=make_outlet("荆楚网"))
    response = client.get(article.get_absolute_url(), headers={"accept-language": "en"})
    text = page_text(response)
    assert "Published:" in text
    assert "Source:荆楚网" in text
    html = response.content.decode()
    # The article is Chinese whatever the reader's language; the interface strings say theirs.
    assert '<html lang="zh-Hans">' in html
    assert '<span class="label" lang="en">Published:</span>' in html
    assert '<span class="label" lang="en">Source:</span>' in html
