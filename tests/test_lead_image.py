"""Pictures on readers' pages: the lead image, teasers and galleries, with srcset, sizes, width
and height, credits under them, and the sharing crop in Open Graph and JSON-LD."""

import json
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from pictures.models import GalleryPicture
from pictures.services import save_image
from tests.factories import (
    make_article,
    make_contributor,
    make_image,
    make_outlet,
    make_role,
    make_section,
)

pytestmark = pytest.mark.django_db


def figure(html, css_class="lead-image"):
    return re.search(rf'<figure class="{css_class}">.*?</figure>', html, re.S).group()


def json_ld(html):
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


@pytest.fixture
def pictured(db):
    outlet = make_outlet("湖北日报")
    reporter = make_contributor("胡弦", outlet)
    image = make_image(
        "竹叶山抢排渍水",
        size=(2000, 1400),
        caption="6月20日,排水职工在竹叶山抢排渍水。",
        credit_contributor=reporter,
        credit_role=make_role("记者", "reporter"),
        copyright_holder=outlet,
    )
    article = make_article(headline="江城暴雨", lead_image=image, source=outlet)
    return {"article": article, "image": image, "outlet": outlet}


def test_lead_image_is_a_picture_with_srcset_sizes_width_and_height(client, pictured):
    html = client.get(pictured["article"].get_absolute_url()).content.decode()
    lead = figure(html)
    image = pictured["image"]
    webp = ", ".join(f"{r.url} {r.width}w" for r in image.renditions_of("lead", "webp"))
    jpeg = ", ".join(f"{r.url} {r.width}w" for r in image.renditions_of("lead", "jpeg"))
    assert f'<source type="image/webp" srcset="{webp}"' in lead
    assert f'srcset="{jpeg}"' in lead
    assert 'sizes="(min-width: 60rem) 58rem, calc(100vw - 2rem)"' in lead
    fallback = next(r for r in image.renditions_of("lead", "jpeg") if r.width == 640)
    assert f'src="{fallback.url}" ' in lead and 'width="640" height="360"' in lead
    # The first thing on the page: loaded at once, not lazily.
    assert 'loading="lazy"' not in lead and 'fetchpriority="high"' in lead
    assert "1920w" in webp and "2000w" not in webp


def test_caption_and_credit_print_under_the_picture_by_the_contributors_role(client, pictured):
    html = client.get(pictured["article"].get_absolute_url()).content.decode()
    lead = figure(html)
    assert "<figcaption>6月20日,排水职工在竹叶山抢排渍水。" in lead
    assert '<span class="credit">图/记者 胡弦</span>' in lead
    # The caption says what the picture shows; an alt repeating it would be read twice.
    assert 'alt=""' in lead


@pytest.mark.parametrize(
    ("role", "credit_text", "printed"),
    [("摄影", "", "摄影/胡弦"), (None, "新华社", "图/新华社")],
)
def test_photographers_and_agencies_are_credited_as_newsrooms_print_them(
    client, role, credit_text, printed
):
    fields = {"credit_text": credit_text}
    if role:
        fields["credit_contributor"] = make_contributor("胡弦")
        fields["credit_role"] = make_role(role, "photographer")
    article = make_article(lead_image=make_image(**fields))
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'<span class="credit">{printed}</span>' in figure(html)


def test_the_articles_own_caption_replaces_the_pictures_and_alt_text_is_kept(client, pictured):
    image = pictured["image"]
    image.alt_text = "排水职工站在齐膝深的水中"
    save_image(image)
    other = make_article(lead_image=image, lead_image_caption="资料图:去年的竹叶山。")
    lead = figure(client.get(other.get_absolute_url()).content.decode())
    assert "<figcaption>资料图:去年的竹叶山。" in lead
    assert "抢排渍水。" not in lead
    assert 'alt="排水职工站在齐膝深的水中"' in lead


def test_a_picture_without_caption_is_described_by_the_headline(client):
    article = make_article(headline="江城暴雨", lead_image=make_image())
    lead = figure(client.get(article.get_absolute_url()).content.decode())
    assert 'alt="江城暴雨"' in lead
    assert "<figcaption>" not in lead


def test_sharing_uses_the_1200_by_630_crop_with_its_size(client, pictured):
    html = client.get(pictured["article"].get_absolute_url()).content.decode()
    (og,) = pictured["image"].renditions_of("og")
    assert (og.width, og.height) == (1200, 630)
    assert f'<meta property="og:image" content="http://testserver{og.url}">' in html
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta property="og:image:height" content="630">' in html
    (article_data,) = json_ld(html)
    assert article_data["image"] == [
        {
            "@type": "ImageObject",
            "url": f"http://testserver{og.url}",
            "width": 1200,
            "height": 630,
            "caption": "6月20日,排水职工在竹叶山抢排渍水。",
            "creditText": "胡弦",
            "copyrightHolder": {"@type": "Organization", "name": "湖北日报"},
        }
    ]


def test_a_picture_whose_renditions_are_not_made_yet_shows_the_original_with_its_size(client):
    image = make_image(size=(900, 500))
    type(image).objects.filter(pk=image.pk).update(renditions=[], renditions_key="")
    image.refresh_from_db()
    article = make_article(lead_image=image)
    lead = figure(client.get(article.get_absolute_url()).content.decode())
    assert f'src="{image.file.url}"' in lead and 'width="900" height="500"' in lead
    assert "srcset" not in lead


def test_article_without_lead_image_has_no_figure_nor_image_metadata(client):
    html = client.get(make_article().get_absolute_url()).content.decode()
    assert "lead-image" not in html
    assert "og:image" not in html
    assert '"image"' not in html


def test_listings_show_teaser_crops_lazily_below_the_first_two(client):
    section = make_section("新闻", "news")
    image = make_image(size=(1200, 900))
    for n in range(4):
        make_article(section, headline=f"有图{n}", lead_image=image)
    make_article(section, headline="无图", published_at=timezone.now() - timedelta(days=1))
    html = client.get("/news/").content.decode()
    pictures = re.findall(r'<a class="teaser-picture".*?</a>', html, re.S)
    assert len(pictures) == 4
    teaser = ", ".join(f"{r.url} {r.width}w" for r in image.renditions_of("teaser", "webp"))
    assert f'srcset="{teaser}"' in pictures[0]
    assert 'width="640" height="480"' in pictures[0]
    assert 'sizes="(min-width: 48rem) 12rem, 7.5rem"' in pictures[0]
    assert ['loading="lazy"' in p for p in pictures] == [False, False, True, True]
    # The picture repeats the title's link: kept out of the keyboard and screen reader path.
    assert 'tabindex="-1" aria-hidden="true"' in pictures[0]


def test_home_blocks_show_each_pictured_article_with_the_crop_of_its_block(client):
    section = make_section("新闻", "news")
    image = make_image(size=(1200, 900))
    for n in range(9):
        make_article(section, headline=f"有图{n}", lead_image=image)
    make_article(section, headline="无图", published_at=timezone.now() - timedelta(days=1))
    html = client.get("/").content.decode()
    # 头条 (16:9, loaded first), 焦点图 (16:9 cards), then 要闻 with 4:3 teasers beside titles.
    lead = re.findall(r'<a class="lead-story-picture".*?</a>', html, re.S)
    cards = re.findall(r'<a class="picture-card".*?</a>', html, re.S)
    teasers = re.findall(r'<a class="teaser-picture".*?</a>', html, re.S)
    assert (len(lead), len(cards), len(teasers)) == (1, 4, 4)
    assert 'fetchpriority="high"' in lead[0] and 'loading="lazy"' not in lead[0]
    assert ['loading="lazy"' in p for p in cards] == [False, True, True, True]
    assert all('loading="lazy"' in p for p in teasers[1:])
    teaser = ", ".join(f"{r.url} {r.width}w" for r in image.renditions_of("teaser", "webp"))
    assert f'srcset="{teaser}"' in teasers[0]
    assert 'sizes="(min-width: 48rem) 12rem, 7.5rem"' in teasers[0]
    assert all('tabindex="-1" aria-hidden="true"' in p for p in lead + teasers)
    assert re.search(r'<article class="teaser">\s*<h3 class="teaser-title"><a [^>]*>无图<', html)


@pytest.fixture
def gallery_article(db):
    outlet = make_outlet("荆楚网")
    article = make_article(headline="江城夜景", source=outlet)
    for position, (title, caption) in enumerate(
        [("长江大桥", "夜色中的长江大桥。"), ("黄鹤楼", ""), ("江汉路", "江汉路步行街。")]
    ):
        image = make_image(
            title, size=(1000, 700), caption=f"{title}的原说明", credit_text="新华社"
        )
        GalleryPicture.objects.create(
            article=article, image=image, position=position, caption=caption
        )
    return article


def test_a_gallery_lists_its_pictures_in_order_with_their_captions_here(client, gallery_article):
    html = client.get(gallery_article.get_absolute_url()).content.decode()
    gallery = re.search(r'<section class="gallery".*?</section>', html, re.S).group()
    slides = re.findall(r'<li class="gallery-slide" id="gallery-(\d)">(.*?)</li>', gallery, re.S)
    assert [number for number, _ in slides] == ["1", "2", "3"]
    assert "夜色中的长江大桥。" in slides[0][1]
    assert "黄鹤楼的原说明" in slides[1][1]  # no caption here: the picture's own
    assert '<span class="credit">图/新华社</span>' in slides[2][1]
    assert all('loading="lazy"' in slide and "srcset=" in slide for _, slide in slides)
    # Without script: the numbered links reach every picture.
    assert re.findall(r'href="#gallery-(\d)"', gallery) == ["1", "2", "3"]
    assert re.search(r'<script src="/static/js/gallery\.js" defer></script>', gallery)
    assert "<script>" not in html


def test_a_gallery_article_has_image_gallery_structured_data(client, gallery_article):
    html = client.get(gallery_article.get_absolute_url()).content.decode()
    article_data, gallery_data = json_ld(html)
    assert article_data["@type"] == "NewsArticle"
    assert gallery_data["@type"] == "ImageGallery"
    assert gallery_data["name"] == "江城夜景"
    assert [(i["position"], i.get("caption")) for i in gallery_data["image"]] == [
        (1, "夜色中的长江大桥。"),
        (2, "黄鹤楼的原说明"),
        (3, "江汉路步行街。"),
    ]
    assert all(i["creditText"] == "新华社" for i in gallery_data["image"])
    assert all(i["width"] == 960 for i in gallery_data["image"])


@override_settings(PUBLIC_PAGE_CACHE_SECONDS=300)
def test_a_new_caption_reaches_the_cached_page(
    client, pictured, django_capture_on_commit_callbacks
):
    cache.clear()
    url = pictured["article"].get_absolute_url()
    assert "抢排渍水" in client.get(url).content.decode()
    image = pictured["image"]
    image.caption = "新的图片说明"
    with django_capture_on_commit_callbacks(execute=True):
        save_image(image)
    assert "新的图片说明" in client.get(url).content.decode()


def test_library_pictures_in_the_body_get_srcset_and_other_images_stay(
    client, django_assert_max_num_queries
):
    image = make_image(size=(1300, 900))
    body = (
        f'<p>正文</p><p><img src="{image.file.url}" alt="江边的&quot;夜景&quot;"></p>'
        '<p><img src="https://example.cn/a.jpg" alt="外站图"></p>'
    )
    article = make_article(body=body)
    html = client.get(article.get_absolute_url()).content.decode()
    body_html = re.search(r'<div class="article-body">(.*?)</div>', html, re.S).group(1)
    webp = ", ".join(f"{r.url} {r.width}w" for r in image.renditions_of("width", "webp"))
    assert f'<source type="image/webp" srcset="{webp}"' in body_html
    assert 'alt="江边的&quot;夜景&quot;" loading="lazy"' in body_html
    assert 'width="640" height="443"' in body_html
    assert '<img src="https://example.cn/a.jpg" alt="外站图">' in body_html
    # Bodies without library pictures cost no query for this.
    plain = make_article(body="<p>正文</p>")
    with django_assert_max_num_queries(8):
        client.get(plain.get_absolute_url())
