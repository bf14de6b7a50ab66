"""The lead image: shown with its caption and credit, and named in Open Graph and JSON-LD."""

import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "red").save(buffer, "PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


def test_lead_image_is_shown_with_caption_and_credit_and_named_for_sharing(client, media):
    article = make_article(
        headline="江城暴雨",
        lead_image=png(),
        lead_image_caption="6月20日,排水职工在竹叶山抢排渍水。",
        lead_image_credit="胡弦",
    )
    url = article.lead_image.url
    assert (media / article.lead_image.name).exists()
    html = client.get(article.get_absolute_url()).content.decode()
    figure = re.search(r'<figure class="lead-image">.*?</figure>', html, re.S).group()
    assert f'src="{url}"' in figure
    assert "<figcaption>6月20日,排水职工在竹叶山抢排渍水。" in figure
    assert '<span class="credit">摄影：胡弦</span>' in figure
    # The caption is read from the figcaption; an alt repeating it would be read twice.
    assert 'alt=""' in figure
    assert f'<meta property="og:image" content="http://testserver{url}">' in html
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert json.loads(script.group(1))["image"] == [f"http://testserver{url}"]


def test_lead_image_without_caption_is_described_by_the_headline(client, media):
    article = make_article(headline="江城暴雨", lead_image=png())
    html = client.get(article.get_absolute_url()).content.decode()
    figure = re.search(r'<figure class="lead-image">.*?</figure>', html, re.S).group()
    assert 'alt="江城暴雨"' in figure
    assert "<figcaption>" not in figure


def test_article_without_lead_image_has_no_figure_nor_image_metadata(client):
    html = client.get(make_article().get_absolute_url()).content.decode()
    assert "lead-image" not in html
    assert "og:image" not in html
    assert '"image"' not in html
