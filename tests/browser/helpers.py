"""What a person does in the admin, step by step, for the browser tests."""


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
