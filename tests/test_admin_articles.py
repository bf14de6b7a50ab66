import pytest
from django.urls import reverse
from taggit.models import Tag

from articles import roles
from articles.models import Article, Byline
from tests.factories import (
    add_byline,
    gallery_form_data,
    make_article,
    make_contributor,
    make_outlet,
    make_role,
    make_section,
    make_staff,
    take_step,
)

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_article_add")
LIST_URL = reverse("admin:articles_article_changelist")


@pytest.fixture
def editor_client(client):
    client.force_login(make_staff("editor", roles.EDITOR))
    return client


@pytest.fixture
def credits():
    outlet = make_outlet("湖北日报")
    return {
        "section": make_section("湖北", "hubei"),
        "outlet": outlet,
        "reporter": make_role("全媒记者", "allmedia-reporter"),
        "intern": make_role("实习生", "intern"),
        "huxian": make_contributor("胡弦", outlet),
        "wujiayi": make_contributor("吴佳怡", outlet),
    }


def autocomplete(client, field_name, term, model_name="article"):
    """What the admin's autocomplete answers for `field_name` of `model_name`, as select2 asks."""
    query = {"term": term, "app_label": "articles", "model_name": model_name}
    return client.get(reverse("admin:autocomplete"), {**query, "field_name": field_name})


def article_form(credits, **overrides):
    data = {
        "kicker": "",
        "headline": "武汉市用改的成效回应群众关切",
        "subheadline": "",
        "list_title": "用“放大镜”看“角落”",
        "summary": "摘要",
        "body": "<h2>小标题</h2><p>正文<script>alert(1)</script></p>",
        "lead_image_caption": "",
        "source": credits["outlet"].pk,
        "original_title": "",
        "original_author": "",
        "original_url": "",
        "responsible_editor": "",
        "copyright_notice": "",
        "section": credits["section"].pk,
        "new_tags": "主题教育, 武汉",
        "status": Article.Status.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
        "bylines-TOTAL_FORMS": "2",
        "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "0",
        "bylines-MAX_NUM_FORMS": "1000",
        **gallery_form_data(),
        "bylines-0-position": "1",
        "bylines-0-role": credits["reporter"].pk,
        "bylines-0-contributor": credits["huxian"].pk,
        "bylines-1-position": "2",
        "bylines-1-role": credits["intern"].pk,
        "bylines-1-contributor": credits["wujiayi"].pk,
    }
    data.update(overrides)
    return data


def test_editor_adds_an_article_with_two_bylines_and_tags(editor_client, credits):
    response = editor_client.post(ADD_URL, article_form(credits))
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get()
    assert [(b.role.name_zh, b.contributor.name) for b in article.bylines.all()] == [
        ("全媒记者", "胡弦"),
        ("实习生", "吴佳怡"),
    ]
    assert set(article.tags.names()) == {"主题教育", "武汉"}
    assert article.body == "<h2>小标题</h2><p>正文</p>"
    assert article.copyright_notice == credits["outlet"].default_notice


def test_existing_tags_are_chosen_by_autocomplete(editor_client, credits):
    existing = Tag.objects.create(name="湖北", slug="hubei")
    response = editor_client.post(
        ADD_URL, article_form(credits, tags=[existing.pk], new_tags="新标签")
    )
    assert response.status_code == 302
    assert set(Article.objects.get().tags.names()) == {"湖北", "新标签"}


def test_tag_autocomplete_answers_for_the_article_form(editor_client):
    Tag.objects.create(name="湖北", slug="hubei")
    response = autocomplete(editor_client, "tags", "湖")
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["湖北"]


def test_bad_form_keeps_what_was_typed_and_saves_nothing(editor_client, credits):
    data = article_form(credits, headline="", **{"bylines-1-role": "999999"})
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "headline" in form.errors
    assert form["list_title"].value() == "用“放大镜”看“角落”"
    assert "主题教育" in form["new_tags"].value()
    assert Article.objects.count() == 0
    assert Byline.objects.count() == 0
    assert Tag.objects.count() == 0


def test_duplicate_byline_is_a_form_error_not_a_server_error(editor_client, credits):
    data = article_form(
        credits,
        **{
            "bylines-1-role": credits["reporter"].pk,
            "bylines-1-contributor": credits["huxian"].pk,
        },
    )
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert Article.objects.count() == 0


def test_repost_without_original_credits_is_a_form_error(editor_client, credits):
    data = article_form(credits, is_repost="on")
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "original_title" in response.context["adminform"].form.errors
    assert Article.objects.count() == 0


def test_sample_style_article_renders_in_the_change_form(editor_client, credits):
    article = make_article(section=credits["section"], source=credits["outlet"])
    add_byline(article, credits["huxian"], credits["reporter"])
    response = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200
    assert "ckeditor" in response.content.decode()


def _fill(count, credits):
    for _ in range(count):
        article = make_article(section=credits["section"], source=credits["outlet"])
        add_byline(article, credits["huxian"], credits["reporter"])
        add_byline(article, credits["wujiayi"], credits["intern"])
        article.tags.add("主题教育", "武汉")


def test_change_list_query_count_does_not_grow_with_rows(editor_client, credits):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _fill(5, credits)
    with CaptureQueriesContext(connection) as few:
        assert editor_client.get(LIST_URL).status_code == 200
    _fill(95, credits)
    with CaptureQueriesContext(connection) as many:
        response = editor_client.get(LIST_URL)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 100
    assert len(many) == len(few)


def test_filtered_change_list_does_not_count_the_whole_table(editor_client, credits):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _fill(3, credits)
    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get(LIST_URL, {"q": "胡弦"})
    assert "胡弦" in response.content.decode()
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1
    assert "WHERE" in counts[0].upper()


def test_change_list_counts_no_more_rows_than_its_cap(editor_client, credits, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.admin import paginator

    monkeypatch.setattr(paginator, "COUNT_CAP", 3)
    _fill(5, credits)
    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get(LIST_URL)
    assert response.context["cl"].result_count == 3
    assert len(response.context["cl"].result_list) == 5
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT 3" in sql.upper() for sql in counts)


def test_change_list_searches_by_contributor_name(editor_client, credits):
    _fill(1, credits)
    make_article(section=credits["section"], headline="无署名")
    response = editor_client.get(LIST_URL, {"q": "吴佳怡"})
    assert [a.headline for a in response.context["cl"].result_list] != []
    assert all(
        "吴佳怡" in [b.contributor.name for b in a.bylines.all()]
        for a in response.context["cl"].result_list
    )


def test_change_list_links_each_article_to_its_page_or_preview(editor_client, credits):
    live = make_article(section=credits["section"])
    draft = make_article(section=credits["section"], status=Article.Status.DRAFT)
    html = editor_client.get(LIST_URL).content.decode()
    assert f'href="{live.get_absolute_url()}"' in html
    assert f'href="/preview/{draft.pk}/"' in html


def test_publish_time_keeps_its_seconds_through_the_change_form(editor_client, credits):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    published_at = datetime(2019, 7, 29, 11, 26, 52, tzinfo=ZoneInfo("Asia/Shanghai"))
    # Once published, the time is read-only (it moves by rescheduling); before, editors set it.
    article = make_article(
        section=credits["section"], status=Article.Status.IN_REVIEW, published_at=published_at
    )
    url = reverse("admin:articles_article_change", args=[article.pk])
    form = editor_client.get(url).context["adminform"].form
    assert 'value="11:26:52"' in str(form["published_at"])


def test_admin_is_branded_with_the_site_name(editor_client, settings):
    html = editor_client.get(reverse("admin:index")).content.decode()
    assert f"{settings.SITE_NAME} · 编辑部" in html
    assert "Django" not in html.split("<body", 1)[1].split("</header>", 1)[0]


def test_over_long_new_tag_is_a_form_error(editor_client, credits):
    response = editor_client.post(ADD_URL, article_form(credits, new_tags="标" * 150))
    assert response.status_code == 200
    assert "new_tags" in response.context["adminform"].form.errors
    assert Article.objects.count() == 0


@pytest.mark.parametrize("model_name", ["contributor", "copyrightnotice"])
def test_autocomplete_query_count_does_not_grow_with_results(
    editor_client, credits, model_name, django_assert_max_num_queries
):
    for n in range(20):
        outlet = make_outlet(f"媒体{n}")
        make_contributor(f"作者{n}", outlet)
    field = {
        "contributor": ("byline", "contributor"),
        "copyrightnotice": ("article", "copyright_notice"),
    }
    source_model, field_name = field[model_name]
    with django_assert_max_num_queries(8):
        response = autocomplete(editor_client, field_name, "", model_name=source_model)
    assert len(response.json()["results"]) >= 20


def test_responsible_editor_is_found_and_shown_by_real_name(editor_client):
    make_staff("wangfang", roles.EDITOR, first_name="王芳")
    response = autocomplete(editor_client, "responsible_editor", "王芳")
    assert [r["text"] for r in response.json()["results"]] == ["王芳 (wangfang)"]


def test_change_form_shows_the_chosen_responsible_editor_by_real_name(editor_client, credits):
    editor = make_staff("wangfang", roles.EDITOR, first_name="王芳")
    article = make_article(credits["section"], responsible_editor=editor)
    response = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert f'<option value="{editor.pk}" selected>王芳 (wangfang)</option>' in response.text


@pytest.mark.parametrize(("day", "time"), [("0001-01-01", "00:00:00"), ("9999-12-31", "23:59:59")])
def test_a_publish_time_outside_1900_to_2099_is_a_form_error(editor_client, credits, day, time):
    response = editor_client.post(
        ADD_URL, article_form(credits, published_at_0=day, published_at_1=time)
    )
    assert response.status_code == 200
    assert "1900" in str(response.context["adminform"].form.errors["published_at"])
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("day", "time", "accepted"),
    [
        ("1900-01-01", "00:30:00", True),  # 1899 in UTC
        ("1899-12-31", "23:59:59", False),
        ("2099-12-31", "23:59:59", True),
        ("2100-01-01", "00:30:00", False),  # still 2099 in UTC
    ],
)
def test_the_publish_time_bounds_are_years_in_shanghai(editor_client, credits, day, time, accepted):
    response = editor_client.post(
        ADD_URL, article_form(credits, published_at_0=day, published_at_1=time)
    )
    assert Article.objects.exists() == accepted
    if not accepted:
        assert "1900" in str(response.context["adminform"].form.errors["published_at"])


def test_scheduling_for_a_year_out_of_range_is_refused_and_changes_nothing(editor_client):
    from articles.models import Transition

    article = make_article(status=Article.Status.IN_REVIEW, published_at=None)
    response = take_step(editor_client, article, "schedule", publish_at="9999-12-31T23:59")
    assert response.status_code in (200, 302)
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Article.Status.IN_REVIEW, None)
    assert not Transition.objects.exists()


def test_the_change_list_shows_a_scheduled_article_as_scheduled_with_its_time(
    editor_client, credits
):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    go_live = datetime(2099, 7, 29, 11, 26, 52, tzinfo=ZoneInfo("Asia/Shanghai"))
    make_article(section=credits["section"], published_at=go_live, headline="定时稿件")
    html = editor_client.get(LIST_URL).content.decode()
    row = html[html.index("定时稿件") :].split("</tr>", 1)[0]
    assert "2099-07-29 11:26:52" in row and ">已发布<" not in row


def test_only_editors_link_a_contributor_to_a_staff_account(client):
    from articles.models import Contributor

    target = make_staff("editor2", roles.EDITOR)
    add_url = reverse("admin:articles_contributor_add")
    client.force_login(make_staff("editor", roles.EDITOR))
    assert 'name="user"' in client.get(add_url).content.decode()
    client.force_login(make_staff("reporter", roles.REPORTER))
    assert 'name="user"' not in client.get(add_url).content.decode()
    client.post(add_url, {"name": "冒名者", "bio": "", "user": target.pk})
    assert Contributor.objects.get(name="冒名者").user is None


def test_a_chinese_name_is_written_family_name_first_and_found_that_way(client, editor_client):
    editor = make_staff("wangfang", roles.EDITOR, first_name="芳", last_name="王")
    make_staff("jsmith", roles.EDITOR, first_name="John", last_name="Smith")
    found = autocomplete(editor_client, "responsible_editor", "王芳").json()["results"]
    assert [r["text"] for r in found] == ["王芳 (wangfang)"]
    found = autocomplete(editor_client, "responsible_editor", "smith").json()["results"]
    assert [r["text"] for r in found] == ["John Smith (jsmith)"]
    article = make_article(responsible_editor=editor)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "(责编: 王芳)" in page and '"name": "王芳"' in page


def test_a_nul_in_an_autocomplete_term_finds_nothing_instead_of_failing(editor_client):
    make_staff("wangfang", roles.EDITOR, first_name="王芳")
    response = autocomplete(editor_client, "section", "王\x00芳")
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_an_original_url_that_is_not_a_web_address_is_explained_in_words(editor_client, credits):
    credits["outlet"].approved_for_reposts = True
    credits["outlet"].save()
    form = article_form(
        credits,
        is_repost="on",
        original_title="原标题",
        original_author="原作者",
        original_url="ftp://files.example.cn/a.txt",
    )
    response = editor_client.post(ADD_URL, form, headers={"accept-language": "en"})
    assert response.status_code == 200
    errors = str(response.context["adminform"].form.errors)
    assert "The original URL must start with http:// or https://." in errors
    assert "article_original_url_is_web_url" not in errors
    assert not Article.objects.exists()


@pytest.mark.parametrize("status", [Article.Status.PUBLISHED, Article.Status.WITHDRAWN])
def test_the_publish_time_of_an_article_once_published_is_not_a_form_field(
    editor_client, credits, status
):
    article = make_article(section=credits["section"], status=status)
    url = reverse("admin:articles_article_change", args=[article.pk])
    form = editor_client.get(url).context["adminform"].form
    assert "published_at" not in form.fields


def test_the_change_list_and_read_only_fields_show_the_publish_time_in_one_format_to_the_second(
    editor_client, credits
):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    published_at = datetime(2019, 7, 29, 11, 26, 52, tzinfo=ZoneInfo("Asia/Shanghai"))
    article = make_article(section=credits["section"], published_at=published_at)
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    for language in ("zh-hans", "en"):
        headers = {"Accept-Language": language}
        assert "2019-07-29 11:26:52" in editor_client.get(LIST_URL, headers=headers).text
        assert "2019-07-29 11:26:52" in editor_client.get(change_url, headers=headers).text
