"""The curation screen: editors add, reorder, move, schedule and remove slot entries; each save
is logged and versioned; two editors never overwrite each other; others get nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import roles
from frontpage.models import Page, SlotEntry
from tests.factories import make_article, make_staff, page_text
from tests.frontpage_factories import curate_url, home_block, home_page, place

pytestmark = pytest.mark.django_db


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def arrangement(page, new=(), changes=None):
    """What the curation screen posts for the page as stored, with `changes` ({entry: {field:
    value}}, None to remove) and `new` rows ({field: value})."""
    changes = changes or {}
    entries = list(SlotEntry.objects.filter(block__page=page).order_by("pk"))
    data = {
        "form-TOTAL_FORMS": str(len(entries) + len(new)),
        "form-INITIAL_FORMS": str(len(entries)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "expected_version": str(page.version),
    }
    rows = [
        {
            "id": entry.pk,
            "block": entry.block_id,
            "article": entry.article_id,
            "position": entry.position,
            "title": entry.title,
            "summary": entry.summary,
            "image": entry.image_id or "",
            "starts_at": local(entry.starts_at) if entry.starts_at else "",
            "ends_at": local(entry.ends_at) if entry.ends_at else "",
            **changes.get(entry.pk, {}),
        }
        for entry in entries
    ]
    for row in new:
        rows.append(
            {
                "id": "",
                "position": 99,
                "title": "",
                "summary": "",
                "image": "",
                "starts_at": "",
                "ends_at": "",
                **row,
            }
        )
    for n, row in enumerate(rows):
        for field, value in row.items():
            if field == "DELETE":
                if value:
                    data[f"form-{n}-DELETE"] = "on"
            else:
                data[f"form-{n}-{field}"] = "" if value is None else value
    return data


@pytest.fixture
def editor():
    return make_staff("editor", roles.EDITOR, first_name="芳", last_name="王")


@pytest.fixture
def home():
    return home_page()


def test_an_editor_adds_reorders_moves_schedules_and_removes_entries(client, editor, home):
    lead, latest = home_block("头条"), home_block("要闻")
    first, second, gone = make_article(), make_article(), make_article()
    one = place(latest, first, 0)
    two = place(latest, second, 1)
    three = place(lead, gone, 0)
    newcomer = make_article(headline="新加的")
    starts = timezone.now() + timedelta(hours=2)
    client.force_login(editor)
    data = arrangement(
        home,
        new=[
            {
                "block": lead.pk,
                "article": newcomer.pk,
                "position": 0,
                "title": "短题",
                "starts_at": local(starts),
            }
        ],
        changes={
            str(one.pk): {},
            one.pk: {"position": 1},
            two.pk: {"position": 0, "block": latest.pk, "summary": "新导语"},
            three.pk: {"DELETE": True},
        },
    )
    response = client.post(curate_url(home), data)
    assert response.status_code == 302, page_text(response)[:2000]
    assert list(latest.entries.order_by("position").values_list("article", flat=True)) == [
        second.pk,
        first.pk,
    ]
    added = lead.entries.get()
    assert (added.article, added.title, added.added_by) == (newcomer, "短题", editor)
    assert abs(added.starts_at - starts) < timedelta(minutes=1)
    assert not SlotEntry.objects.filter(pk=three.pk).exists()
    assert SlotEntry.objects.get(pk=two.pk).summary == "新导语"
    home.refresh_from_db()
    assert home.version == 2
    revision = Version.objects.get_for_object(home).first().revision
    assert revision.user == editor
    comment = revision.get_comment()
    assert "新加的" in comment and gone.headline in comment


def test_moving_an_entry_to_another_block_is_logged(client, editor, home):
    entry = place(home_block("要闻"), make_article(headline="换版块"))
    client.force_login(editor)
    client.post(
        curate_url(home), arrangement(home, changes={entry.pk: {"block": home_block("头条").pk}})
    )
    entry.refresh_from_db()
    assert entry.block == home_block("头条")
    comment = Version.objects.get_for_object(home).first().revision.get_comment()
    assert "换版块" in comment


def test_the_screen_shows_each_entry_with_its_state_and_who_placed_it(client, editor, home):
    place(home_block("头条"), make_article(headline="已发布的"), added_by=editor)
    draft = make_article(status="draft", published_at=None, headline="还是草稿")
    place(home_block("要闻"), draft)
    client.force_login(editor)
    text = page_text(client.get(curate_url(home)))
    assert "已发布的" in text and "王芳" in text
    assert "还是草稿" in text and "草稿" in text


@pytest.mark.parametrize("role", [roles.INTERN, roles.REPORTER])
def test_interns_and_reporters_see_no_front_page_and_cannot_post(client, home, role):
    writer = make_staff("writer", role)
    entry = place(home_block("头条"), make_article())
    client.force_login(writer)
    assert "frontpage" not in client.get(reverse("admin:index")).content.decode()
    assert client.get(curate_url(home)).status_code == 403
    assert client.get(reverse("admin:frontpage_page_changelist")).status_code == 403
    search = reverse("admin:frontpage_page_search", args=[home.pk])
    assert client.get(search, {"term": "标题"}).status_code == 403
    refused = client.post(curate_url(home), arrangement(home, changes={entry.pk: {"DELETE": True}}))
    assert refused.status_code == 403
    assert SlotEntry.objects.filter(pk=entry.pk).exists()
    home.refresh_from_db()
    assert home.version == 1


def test_anonymous_visitors_are_sent_to_the_login_page(client, home):
    response = client.get(curate_url(home))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_two_editors_never_silently_overwrite_each_other(client, editor, home):
    other = make_staff("other", roles.EDITOR)
    latest = home_block("要闻")
    kept = place(latest, make_article(headline="原有的"))
    opened = arrangement(home)
    # The other editor saves first: adds an article and changes a title.
    client.force_login(other)
    theirs = make_article(headline="对方加的")
    client.post(
        curate_url(home),
        arrangement(
            home,
            new=[{"block": latest.pk, "article": theirs.pk}],
            changes={kept.pk: {"title": "对方的标题"}},
        ),
    )
    # This editor saves what they opened, with their own change.
    client.force_login(editor)
    mine = make_article(headline="我加的")
    opened.update(
        {
            "form-TOTAL_FORMS": "2",
            "form-1-id": "",
            "form-1-block": latest.pk,
            "form-1-article": mine.pk,
            "form-1-position": 5,
            "form-1-title": "",
            "form-1-summary": "",
            "form-1-image": "",
            "form-1-starts_at": "",
            "form-1-ends_at": "",
        }
    )
    response = client.post(curate_url(home), opened)
    assert response.status_code == 200
    text = page_text(response)
    assert "对方加的" in text and "对方的标题" in text  # what the other changed, in the report
    assert not SlotEntry.objects.filter(article=mine).exists()  # nothing of theirs saved
    home.refresh_from_db()
    assert response.context["page"].version == home.version == 2
    # Their own edit is still in the form; saving again keeps both.
    assert "我加的" in text
    again = response.context["formset"].data.copy()
    again["expected_version"] = str(home.version)
    assert client.post(curate_url(home), again).status_code == 302
    assert set(latest.entries.values_list("article__headline", flat=True)) == {
        "原有的",
        "对方加的",
        "我加的",
    }


def test_a_revision_is_restored_with_a_new_revision_and_a_diff(client, editor, home):
    latest = home_block("要闻")
    first = make_article(headline="第一版")
    client.force_login(editor)
    client.post(
        curate_url(home), arrangement(home, new=[{"block": latest.pk, "article": first.pk}])
    )
    home.refresh_from_db()
    entry = latest.entries.get()
    client.post(curate_url(home), arrangement(home, changes={entry.pk: {"DELETE": True}}))
    home.refresh_from_db()
    assert not latest.entries.exists()
    versions = list(Version.objects.get_for_object(home))
    diff = client.get(
        reverse("admin:frontpage_page_diff", args=[home.pk]), {"version": versions[0].pk}
    )
    assert diff.status_code == 200 and "第一版" in page_text(diff)
    restore = reverse("admin:frontpage_page_restore", args=[home.pk, versions[1].pk])
    response = client.post(restore, {"expected_version": home.version})
    assert response.status_code == 302
    assert list(latest.entries.values_list("article", flat=True)) == [first.pk]
    home.refresh_from_db()
    assert home.version == 4
    assert Version.objects.get_for_object(home).count() == len(versions) + 1
    assert "第一版" in page_text(client.get("/"))


def test_a_stale_restore_is_refused(client, editor, home):
    client.force_login(editor)
    latest = home_block("要闻")
    client.post(
        curate_url(home),
        arrangement(home, new=[{"block": latest.pk, "article": make_article().pk}]),
    )
    version = Version.objects.get_for_object(home).last()
    response = client.post(
        reverse("admin:frontpage_page_restore", args=[home.pk, version.pk]), {"expected_version": 1}
    )
    assert response.status_code == 302
    assert latest.entries.count() == 1


def test_search_finds_articles_by_headline_list_title_and_id(client, editor, home):
    by_headline = make_article(headline="长江大桥维修")
    by_list_title = make_article(headline="其他", list_title="大桥通车")
    by_id = make_article(headline="无关")
    make_article(status="withdrawn", headline="大桥撤稿")
    client.force_login(editor)
    url = reverse("admin:frontpage_page_search", args=[home.pk])
    found = {r["id"] for r in client.get(url, {"term": "大桥"}).json()["results"]}
    assert found == {by_headline.pk, by_list_title.pk}
    ids = [r["id"] for r in client.get(url, {"term": str(by_id.pk)}).json()["results"]]
    assert by_id.pk in ids


def test_preview_at_a_time_applies_scheduled_slots_and_articles_without_publishing(
    client, editor, home
):
    lead = home_block("头条")
    later = timezone.now() + timedelta(days=2)
    scheduled = make_article(published_at=later - timedelta(hours=1), headline="定时稿件")
    place(lead, scheduled, title="明天的头条", starts_at=later - timedelta(minutes=30))
    client.force_login(editor)
    url = reverse("admin:frontpage_page_preview", args=[home.pk])
    now_view = client.get(url)
    assert "明天的头条" not in page_text(now_view)
    at = timezone.localtime(later).strftime("%Y-%m-%dT%H:%M")
    response = client.get(url, {"at": at})
    assert response.status_code == 200
    assert "明天的头条" in page_text(response)
    assert "noindex" in response["X-Robots-Tag"] and "no-store" in response["Cache-Control"]
    client.logout()
    assert "明天的头条" not in page_text(client.get("/"))
    assert Page.objects.get(pk=home.pk).version == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_truly_concurrent_curation_saves_one_wins_one_is_refused():
    import threading

    from django.db import connection, transaction

    from frontpage import curation
    from frontpage.curation_admin import EntryFormSet, entries_of

    if connection.vendor == "sqlite":
        pytest.skip("SQLite's shared in-memory test database holds one writer at a time.")
    home = home_page()
    latest = home_block("要闻")
    editors = {name: make_staff(name, roles.EDITOR) for name in ("jia", "yi")}
    articles = {name: make_article(headline=f"{name}的稿件") for name in editors}
    both_read = threading.Barrier(2, timeout=10)
    outcomes = {}

    def save(name):
        try:
            with transaction.atomic():
                page = Page.objects.get(pk=home.pk)
                data = arrangement(page, new=[{"block": latest.pk, "article": articles[name].pk}])
                formset = EntryFormSet(data, queryset=entries_of(page), form_kwargs={"page": page})
                assert formset.is_valid(), formset.errors
                both_read.wait()
                curation.save_arrangement(page, editors[name], formset, page.version)
            outcomes[name] = "saved"
        except curation.StaleArrangement:
            outcomes[name] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(name,)) for name in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes.values()) == ["refused", "saved"]
    winner = next(name for name, outcome in outcomes.items() if outcome == "saved")
    assert list(latest.entries.values_list("article", flat=True)) == [articles[winner].pk]
    assert Page.objects.get(pk=home.pk).version == 2


def test_an_entry_with_its_own_picture_shows_it_on_the_screen(client, editor, home):
    from tests.factories import make_image

    picture = make_image(title="槽位专用图")
    place(home_block("头条"), make_article(), image=picture)
    client.force_login(editor)
    html = client.get(curate_url(home)).content.decode()
    assert "槽位专用图" in html and picture.renditions_of("square", "jpeg")[0].url in html
