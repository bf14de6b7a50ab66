"""What a person does in the admin, step by step, for the browser tests."""

from xml.etree import ElementTree


def log_in(page, username, password, next_url="/admin/"):
    """Log in through the admin's login form and wait for `next_url`."""
    page.goto(f"/admin/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"**{next_url}")
    return page


def choose(page, select_id, search, shown):
    """Pick an option in a Django admin autocomplete (select2) by typing, as a person does."""
    page.click(f"#{select_id} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", search)
    page.click(f".select2-results__option:has-text('{shown}')")


def write_body(page):
    """Type a paragraph, a subheading chosen in the Format menu and a link into CKEditor."""
    page.frame_locator("iframe.cke_wysiwyg_frame").locator("body").click()
    page.keyboard.type("第一段正文。")
    page.keyboard.press("Enter")
    page.click(".cke_combo__format .cke_combo_button")
    page.frame_locator("iframe.cke_panel_frame").locator("a[onclick*=\"'h2'\"]").click()
    page.keyboard.type("小标题")
    page.keyboard.press("Enter")
    page.keyboard.type("详见")
    page.click(".cke_button__link")
    dialog = page.locator(".cke_dialog")
    dialog.wait_for(state="visible")
    dialog.locator("input.cke_dialog_ui_input_text").first.fill("湖北日报网")
    # The scheme is chosen in the dialog's protocol menu, as a person does; a full URL typed
    # into the field is only split off by a key handler, which a filled value may not trigger.
    dialog.locator("select:has(option[value='https://'])").select_option("https://")
    dialog.get_by_role("textbox", name="URL", exact=True).fill("www.hubeidaily.net/")
    dialog.locator(".cke_dialog_ui_button_ok").click()
    dialog.wait_for(state="hidden")


def _texts(tree, rss_tag, atom_tag):
    atom = "{http://www.w3.org/2005/Atom}"
    return [e.text or "" for e in tree.iter() if e.tag in (rss_tag, f"{atom}{atom_tag}")]


def open_xml_document(page, url):
    """Fetch `url` as the XML it is (it must stay well-formed, payloads and all), then open it in
    the browser, where a feed is rendered as a page by its XSL stylesheet: each item's title and
    summary must be there as the very text of the XML, so the stylesheet copied no markup.
    Returns the parsed XML; the caller watches for scripts."""
    raw = page.request.get(url)
    assert raw.status == 200, url
    tree = ElementTree.fromstring(raw.body())
    response = page.goto(url)
    assert response.status == 200, url
    items = [e for e in tree.iter() if e.tag in ("item", "{http://www.w3.org/2005/Atom}entry")]
    if items:
        titles = [_texts(item, "title", "title")[0] for item in items]
        summaries = [_texts(item, "description", "summary")[0] for item in items]
        assert page.locator(".teaser-title").all_text_contents() == titles, url
        assert page.locator(".teaser-summary").all_text_contents() == summaries, url
    return tree


def assert_feed_stylesheet_outputs_only_text(page):
    """The feeds' XSL stylesheet writes the feed's values as text (xsl:value-of) and never as
    markup: no unescaped output, no copied nodes."""
    stylesheet = page.request.get("/feeds/feed.xsl").text()
    for markup_out in ("disable-output-escaping", "xsl:copy", "xsl:copy-of", "xsl:element"):
        assert markup_out not in stylesheet, markup_out
