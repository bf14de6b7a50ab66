"""The Content-Security-Policy as Chromium applies it: strict for readers, CKEditor still works."""

import pytest

pytestmark = pytest.mark.browser

INJECTED = """<!doctype html><html lang="zh-CN"><head><title>probe</title></head><body>
<script>alert("inline")</script><img src="x" onerror="alert('handler')">
<a id="link" href="javascript:alert('url')">link</a></body></html>"""


def test_public_page_is_served_with_a_policy_that_forbids_inline_script(page):
    response = page.goto("/no-such-page/")
    assert response.status == 404
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy


def test_injected_inline_script_does_not_run_under_the_public_policy(page, script_watch):
    # The server's real response and headers, with a body a sanitizer failure could produce.
    def inject(route):
        response = route.fetch()
        route.fulfill(response=response, status=200, body=INJECTED)

    page.route("**/probe/", inject)
    page.goto("/probe/")
    page.click("#link")
    script_watch.settle(reports=3)
    assert script_watch.executions == []
    assert len(script_watch.csp_violations) == 3


def test_ckeditor_loads_in_the_admin_under_the_staff_policy(
    page, script_watch, editor, admin_login
):
    admin_login("editor", "pw-editor", "/admin/articles/article/add/")
    editable = page.frame_locator("iframe.cke_wysiwyg_frame").locator("body[contenteditable=true]")
    editable.wait_for()
    response = page.request.get("/admin/articles/article/add/")
    assert "content-security-policy" in response.headers
    assert script_watch.csp_violations == []
    assert script_watch.page_errors == []
