"""axe-core in Chromium: no serious or critical accessibility violations."""

import pytest

pytestmark = pytest.mark.browser


def test_admin_login_page_has_no_serious_accessibility_violations(page, axe):
    page.goto("/admin/login/")
    assert axe(page) == []


def test_not_found_page_has_no_serious_accessibility_violations(page, axe):
    page.goto("/no-such-page/")
    assert axe(page) == []
