"""Headless Chromium (Debian's package) driven by Playwright against pytest-django's live server.

`make test` runs these when Chromium is installed and deselects them, saying so, when it is not.
"""

import json
import os
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import sync_playwright

from articles import roles
from tests.browser.helpers import log_in
from tests.factories import make_staff

# Playwright's sync API keeps an event loop running in this thread, and Django refuses database
# access from a thread with a running loop; the tests and the live server are synchronous anyway.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PROJECT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
AXE_JS = Path(os.environ.get("AXE_PATH") or PROJECT / ".cache/npm/node_modules/axe-core/axe.min.js")
SCREENSHOTS = PROJECT / "test-artifacts" / "screenshots"
VIEWPORTS = {"phone": {"width": 360, "height": 780}, "desktop": {"width": 1280, "height": 900}}

# We run as root, with no GPU and no network beyond this machine: Chromium's background
# connections would only be refused and slow every test down.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Runs in every frame before the page's own scripts. Anything a payload could use to show that it
# ran is reported to Python through an exposed binding; CSP violations count too, since a blocked
# injected script means the sanitizer let it through.
SCRIPT_WATCH_JS = """
(() => {
  const seen = (window.__scriptWatch = []);
  const report = (what) => {
    seen.push(String(what));
    try { window.__scriptRan(String(what)); } catch (e) {}
  };
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    const original = window[name];
    window[name] = function (...args) {
      report(name + "(" + args.map(String).join(", ") + ")");
      return original ? original.apply(this, args) : undefined;
    };
  }
  document.addEventListener("securitypolicyviolation", (event) => {
    report("csp " + event.violatedDirective + " blocked " + (event.blockedURI || "inline"));
  });
})();
"""


class ScriptWatch:
    """What a page did that nobody asked for: dialogs, watched calls, CSP violations, errors."""

    def __init__(self, page):
        self.page = page
        self.dialogs = []
        self.calls = []
        self.console_errors = []
        self.page_errors = []
        page.on("dialog", self._on_dialog)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.expose_binding("__scriptRan", lambda source, what: self.calls.append(what))
        page.add_init_script(SCRIPT_WATCH_JS)

    def _on_dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _on_console(self, message):
        if message.type == "error":
            self.console_errors.append(message.text)

    def settle(self, reports=0):
        """Let the page finish what it queued (timers, frames, navigations to javascript: URLs)
        and wait until it has reported at least `reports` things; call before asserting."""
        self.page.wait_for_function(
            """async (reports) => {
              await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
              return window.__scriptWatch.length >= reports;
            }""",
            arg=reports,
        )
        self.page.evaluate("() => 0")  # a round trip, so every binding call has reached Python

    @property
    def executions(self):
        """Every dialog and watched call: empty when no script from content ran."""
        return self.dialogs + [call for call in self.calls if not call.startswith("csp ")]

    @property
    def csp_violations(self):
        return [call for call in self.calls if call.startswith("csp ")]


def _carry_serialized_contents(start):
    """Start Playwright, keeping the test database's serialized contents usable.

    Django keeps connections per thread, and per context once an event loop runs in the thread, so
    the loop Playwright starts hides the connections the test database was set up with; the
    serialized rollback would then find nothing to restore.
    """
    serialized = {
        conn.alias: conn._test_serialized_contents
        for conn in connections.all(initialized_only=True)
        if hasattr(conn, "_test_serialized_contents")
    }
    started = start()
    for alias, contents in serialized.items():
        connections[alias]._test_serialized_contents = contents
    return started


@pytest.fixture(scope="session")
def browser(django_db_setup, django_db_blocker):
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"No Chromium at {CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH;"
            " `make test` deselects the browser tests when it is missing."
        )
    with django_db_blocker.unblock():
        playwright = _carry_serialized_contents(sync_playwright().start)
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    finally:
        playwright.stop()


def open_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport=VIEWPORTS["desktop"]
    )
    context.set_default_timeout(10_000)
    return context.new_page()


@pytest.fixture
def page(browser, live_server, django_db_serialized_rollback):
    """A fresh browser context on the live server. The serialized rollback brings back the rows
    that migrations create (the staff groups) after the live server's flush."""
    page = open_page(browser, live_server)
    yield page
    page.context.close()


@pytest.fixture
def new_page(browser, live_server, page):
    """new_page() opens another person's browser: a context of its own, with no cookies or cache."""
    pages = []

    def open_another():
        pages.append(open_page(browser, live_server))
        return pages[-1]

    yield open_another
    for other in pages:
        other.context.close()


@pytest.fixture
def script_watch(page):
    return ScriptWatch(page)


@pytest.fixture
def screenshots():
    """save(page, name) writes the page at phone and desktop widths; returns the paths."""

    def save(page, name):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        paths = []
        for label, size in VIEWPORTS.items():
            page.set_viewport_size(size)
            path = SCREENSHOTS / f"{name}-{label}.png"
            page.screenshot(path=str(path), full_page=True)
            paths.append(path)
        return paths

    return save


def run_axe(page):
    """axe-core's serious and critical violations on the page, as (rule, help, targets) tuples."""
    if not AXE_JS.exists():
        pytest.fail(
            f"axe-core is missing at {AXE_JS}: `make test` installs it"
            " (npm install --prefix .cache/npm axe-core@4)."
        )
    # Evaluated through the DevTools protocol, which the page's CSP does not govern.
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    results = page.evaluate("async () => JSON.stringify(await axe.run(document))")
    return [
        (v["id"], v["help"], [node["target"] for node in v["nodes"]])
        for v in json.loads(results)["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.fixture
def axe():
    return run_axe


@pytest.fixture
def admin_login(page):
    """log_in(username, password, next=...) on the test's `page`."""

    def log_in_here(username, password, next_url="/admin/"):
        return log_in(page, username, password, next_url)

    return log_in_here


@pytest.fixture
def editor(page):
    """An editor account whose password is pw-editor (see tests.factories.make_staff)."""
    return make_staff("editor", roles.EDITOR)
