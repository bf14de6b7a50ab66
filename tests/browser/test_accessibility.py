"""axe-core in Chromium: no serious or critical accessibility violations."""

import pytest
from PIL import Image

pytestmark = pytest.mark.browser


def test_admin_login_page_has_no_serious_accessibility_violations(page, axe):
    page.goto("/admin/login/")
    assert axe(page) == []


def test_not_found_page_has_no_serious_accessibility_violations(page, axe):
    page.goto("/no-such-page/")
    assert axe(page) == []


def test_screenshots_are_saved_at_phone_and_desktop_widths(page, screenshots):
    page.goto("/admin/login/")
    paths = screenshots(page, "admin-login")
    widths = [Image.open(path).size[0] for path in paths]
    assert [path.parent.name for path in paths] == ["screenshots", "screenshots"]
    assert widths == [360, 1280]
