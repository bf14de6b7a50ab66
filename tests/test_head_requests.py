"""HEAD requests answer the GET response's headers without a body, and log nothing."""

import http.client
import io
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.signals import request_finished

PROJECT = Path(__file__).resolve().parent.parent


def call(application, method, path):
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "HTTP_HOST": "localhost",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
    }
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen.update(status=status, headers=dict(headers))

    result = application(environ, start_response)
    body = b"".join(result)
    if hasattr(result, "close"):  # as the server does
        result.close()
    return seen["status"], seen["headers"], body


@pytest.mark.django_db
def test_a_head_request_gets_the_get_headers_and_no_body_and_ends_the_request():
    from newsroom.wsgi import application

    finished = []
    request_finished.connect(
        lambda sender, **kwargs: finished.append(sender), weak=False, dispatch_uid="head-test"
    )
    try:
        get_status, get_headers, get_body = call(application, "GET", "/admin/login/")
        head_status, head_headers, head_body = call(application, "HEAD", "/admin/login/")
    finally:
        request_finished.disconnect(dispatch_uid="head-test")
    assert get_body and head_body == b""
    assert head_status == get_status == "200 OK"
    assert head_headers["Content-Type"] == get_headers["Content-Type"]
    assert len(finished) == 2


def free_port(first=8100, last=8199):
    for port in range(first, last + 1):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port in 8100-8199")


def test_gunicorn_logs_nothing_for_head_requests(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DJANGO_DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", "1", "--log-level", "info"],
        cwd=PROJECT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for _ in range(100):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        statuses = []
        for method in ("HEAD", "GET", "HEAD"):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request(method, "/admin/login/")
            response = connection.getresponse()
            statuses.append((method, response.status, len(response.read())))
            connection.close()
    finally:
        server.terminate()
        log = server.communicate(timeout=30)[1]
    assert [s[:2] for s in statuses] == [("HEAD", 200), ("GET", 200), ("HEAD", 200)]
    assert statuses[0][2] == 0 and statuses[1][2] > 0
    assert "no-body response" not in log, log
    assert "Traceback" not in log, log
