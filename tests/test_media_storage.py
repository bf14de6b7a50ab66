"""Media on the local disk by default, in an S3-compatible bucket when configured: tested against
a real S3 API (moto's standalone server, started here on a free port)."""

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles import roles
from newsroom.media_storage import LOCAL, S3, media_storage
from pictures.models import Image
from tests.factories import make_article, make_staff, photo_bytes

BUCKET = "newsroom-media"
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/*",
        }
    ],
}


def test_media_stay_on_the_local_disk_without_a_bucket():
    assert media_storage({}) == LOCAL
    assert media_storage({"AWS_S3_REGION_NAME": "cn-north-1"}) == LOCAL


def test_a_storage_url_names_the_bucket_and_its_options():
    storage = media_storage(
        {
            "MEDIA_STORAGE_URL": "s3://AK%2Fx:SK@media-bucket/newsroom?"
            "endpoint_url=https://oss.example.cn&region_name=cn-central-1"
            "&custom_domain=img.example.cn"
        }
    )
    assert storage == {
        "BACKEND": S3,
        "OPTIONS": {
            "bucket_name": "media-bucket",
            "access_key": "AK/x",
            "secret_key": "SK",
            "location": "newsroom",
            "endpoint_url": "https://oss.example.cn",
            "region_name": "cn-central-1",
            "custom_domain": "img.example.cn",
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }


def test_aws_variables_name_the_bucket_too_and_the_url_wins():
    storage = media_storage(
        {
            "AWS_STORAGE_BUCKET_NAME": "from-env",
            "AWS_S3_ENDPOINT_URL": "https://s3.example.cn",
            "AWS_QUERYSTRING_AUTH": "1",
        }
    )
    assert storage["OPTIONS"]["bucket_name"] == "from-env"
    assert storage["OPTIONS"]["querystring_auth"] is True
    both = media_storage({"AWS_STORAGE_BUCKET_NAME": "from-env", "MEDIA_STORAGE_URL": "s3://url"})
    assert both["OPTIONS"]["bucket_name"] == "url"


@pytest.mark.parametrize("url", ["https://bucket/", "s3://bucket?acl=public-read"])
def test_a_storage_url_that_cannot_be_read_stops_the_start_with_a_message(url):
    with pytest.raises(SystemExit, match="MEDIA_STORAGE_URL"):
        media_storage({"MEDIA_STORAGE_URL": url})


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    """moto's S3 API over HTTP, as a separate process on a free port of this machine."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(endpoint + "/moto-api/", timeout=1)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        else:
            raise RuntimeError("moto's server did not start")
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def bucket(s3_server, settings):
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=BUCKET)
    # Published pictures are public: the operator gives the bucket a public-read policy.
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
    settings.STORAGES = {
        **settings.STORAGES,
        "default": media_storage(
            {
                "MEDIA_STORAGE_URL": f"s3://testing:testing@{BUCKET}/media"
                f"?endpoint_url={s3_server}&region_name=us-east-1"
            }
        ),
    }
    yield client
    for stored in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=stored["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client):
    return {stored["Key"] for stored in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


@pytest.mark.django_db
def test_pictures_and_renditions_live_in_the_bucket_from_upload_to_delete(
    client, bucket, s3_server, django_capture_on_commit_callbacks
):
    client.force_login(make_staff("editor", roles.EDITOR))
    upload = SimpleUploadedFile("photo.jpg", photo_bytes((1000, 700)))
    response = client.post(
        reverse("admin:pictures_image_add"),
        {"file": upload, "title": "江城", "focal_x": "0.5", "focal_y": "0.5"},
    )
    assert response.status_code == 302
    image = Image.objects.get()

    stored = keys(bucket)
    expected = {f"media/{image.file.name}", *(f"media/{r['name']}" for r in image.renditions)}
    assert stored == expected and len(stored) == 1 + 27

    # Public URLs: plain addresses on the bucket, which anyone can fetch.
    url = image.file.url
    assert url == f"{s3_server}/{BUCKET}/media/{image.file.name}"
    with urllib.request.urlopen(url) as answer:
        assert answer.read()[:3] == b"\xff\xd8\xff"
    teaser = image.renditions_of("teaser", "webp")[-1]
    with urllib.request.urlopen(teaser.url) as answer:
        assert answer.read(12)[8:] == b"WEBP"

    article = make_article(lead_image=image)
    html = client.get(article.get_absolute_url()).content.decode()
    (og,) = image.renditions_of("og")
    assert f'<meta property="og:image" content="{og.url}">' in html
    assert f"{image.renditions_of('lead', 'webp')[0].url} 320w" in html

    article.delete()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:pictures_image_delete", args=[image.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert keys(bucket) == set()
