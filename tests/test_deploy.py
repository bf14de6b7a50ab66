"""The deployment files: the health check, nginx's site (checked and run by a real nginx) and
gunicorn's settings."""

import gzip
import os
import runpy
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings

from tests.factories import make_article, make_section

DEPLOY = Path(django_settings.BASE_DIR) / "deploy"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
needs_nginx = pytest.mark.skipif(
    not Path(NGINX).exists() and os.environ.get("CI") != "true",
    reason="no nginx: apt-get install nginx",
)


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_and_the_cache_answer(
    client, django_assert_max_num_queries
):
    for _ in range(2):
        with django_assert_max_num_queries(1):
            response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
        assert "no-cache" in response["Cache-Control"] and "X-Cache" not in response


@pytest.mark.django_db
def test_healthz_fails_when_the_cache_is_unreachable(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "unreachable" and response.json()["database"] == "ok"


def test_gunicorn_runs_two_workers_a_core_unless_told(monkeypatch):
    monkeypatch.delenv("GUNICORN_WORKERS", raising=False)
    config = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert config["workers"] == 2 * os.cpu_count() + 1
    assert config["worker_class"] == "sync" and config["timeout"] == 30
    assert "%({x-cache}o)s" in config["access_log_format"]
    monkeypatch.setenv("GUNICORN_WORKERS", "2")
    monkeypatch.setenv("GUNICORN_ACCESS_LOG", "")
    config = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert config["workers"] == 2 and config["accesslog"] is None


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def nginx_site(folder, pages_port, app_port, http_port, https_port):
    """The shipped site, on free ports, in front of the given servers, with a throwaway
    certificate and files under `folder`."""
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=news.example.cn",
         "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    site = (DEPLOY / "nginx" / "newsroom.conf").read_text()
    replacements = {
        "/etc/letsencrypt/live/news.example.cn/fullchain.pem": str(folder / "cert.pem"),
        "/etc/letsencrypt/live/news.example.cn/privkey.pem": str(folder / "key.pem"),
        "server 127.0.0.1:6081;": f"server 127.0.0.1:{pages_port};",
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{app_port};",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen [::]:80;": "",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "listen [::]:443 ssl http2;": "",
        "/srv/newsroom/staticfiles/": f"{folder}/static/",
        "include proxy_params;": "include /etc/nginx/proxy_params;",
    }
    for old, new in replacements.items():
        assert old in site, old
        site = site.replace(old, new)
    (folder / "static").mkdir()
    (folder / "static" / "site.css").write_text("body { color: black; }\n" * 200)
    (folder / "site.conf").write_text(site)
    (folder / "nginx.conf").write_text(
        f"pid {folder}/nginx.pid;\nerror_log {folder}/error.log;\nevents {{}}\n"
        f"http {{\n include /etc/nginx/mime.types;\n access_log off;\n"
        f" client_body_temp_path {folder}/body;\n proxy_temp_path {folder}/proxy;\n"
        f" include {folder}/site.conf;\n}}\n"
    )
    return folder / "nginx.conf"


@needs_nginx
def test_nginx_accepts_the_site_configuration(tmp_path):
    conf = nginx_site(tmp_path, 6081, 8000, free_port(), free_port())
    result = subprocess.run(
        [NGINX, "-t", "-e", "stderr", "-p", str(tmp_path), "-c", str(conf)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def fetch(url, headers=None):
    import ssl

    context = ssl._create_unverified_context()
    request = urllib.request.Request(url, headers={"Host": "news.example.cn", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=10, context=context) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@needs_nginx
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_nginx_compresses_pages_serves_static_files_and_limits_sitemaps(live_server, settings):
    settings.ALLOWED_HOSTS = ["news.example.cn", "localhost", "127.0.0.1"]
    make_article(make_section("新闻", "news"), headline="经由 nginx 的稿件")
    folder = Path(tempfile.mkdtemp(prefix="nginx-test-"))
    folder.chmod(0o755)
    app_port = urlsplit(live_server.url).port
    https_port = free_port()
    conf = nginx_site(folder, app_port, app_port, free_port(), https_port)
    process = subprocess.Popen(
        [NGINX, "-e", "stderr", "-p", str(folder), "-c", str(conf), "-g", "daemon off;"],
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", https_port), timeout=0.2).close()
                break
            except OSError:
                assert time.monotonic() < deadline and process.poll() is None, "nginx did not start"
                time.sleep(0.1)
        base = f"https://127.0.0.1:{https_port}"
        status, headers, body = fetch(base + "/news/", {"Accept-Encoding": "gzip"})
        assert status == 200 and headers["Content-Encoding"] == "gzip"
        assert "经由 nginx 的稿件" in gzip.decompress(body).decode()
        status, headers, body = fetch(base + "/static/site.css")
        assert status == 200 and "immutable" in headers["Cache-Control"]
        statuses = [fetch(base + "/sitemap.xml")[0] for _ in range(20)]
        assert statuses[0] == 200 and 429 in statuses
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(folder, ignore_errors=True)
