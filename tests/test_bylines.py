import pytest

from articles.bylines import byline_text, group_bylines, roles_of
from tests.factories import (
    add_byline,
    make_article,
    make_contributor,
    make_outlet,
    make_role,
    page_text,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    daily = make_outlet("湖北日报", short_name="湖北日报")
    changjiang = make_outlet("长江日报社", short_name="长江日报")
    return {
        "reporter": make_role("记者", "reporter"),
        "allmedia": make_role("全媒记者", "allmedia"),
        "intern": make_role("实习生", "intern"),
        "correspondent": make_role("通讯员", "correspondent"),
        "huxian": make_contributor("胡弦", daily),
        "wujiayi": make_contributor("吴佳怡", daily),
        "zhangsan": make_contributor("张三", changjiang),
        "lisi": make_contributor("李四", changjiang),
        "zhouming": make_contributor("周明"),
    }


def credit(people, *pairs):
    article = make_article()
    for role, person in pairs:
        add_byline(article, people[person], people[role])
    return list(article.bylines.select_related("contributor__affiliation", "role"))


def test_same_affiliation_shares_one_prefix_and_each_role_is_followed_by_its_names(people):
    bylines = credit(people, ("allmedia", "huxian"), ("intern", "wujiayi"))
    assert byline_text(bylines) == "湖北日报全媒记者 胡弦 实习生 吴佳怡"


def test_several_names_under_one_role_are_written_once(people):
    bylines = credit(people, ("reporter", "zhangsan"), ("reporter", "lisi"))
    assert byline_text(bylines) == "长江日报记者 张三 李四"


def test_mixed_affiliations_each_get_their_prefix_using_the_short_name(people):
    bylines = credit(
        people,
        ("allmedia", "huxian"),
        ("reporter", "zhangsan"),
        ("reporter", "lisi"),
        ("correspondent", "zhouming"),
    )
    assert byline_text(bylines) == "湖北日报全媒记者 胡弦 长江日报记者 张三 李四 通讯员 周明"


def test_grouping_keeps_the_printed_order_instead_of_merging_distant_credits(people):
    bylines = credit(people, ("reporter", "zhangsan"), ("intern", "huxian"), ("reporter", "lisi"))
    assert byline_text(bylines) == "长江日报记者 张三 湖北日报实习生 胡弦 长江日报记者 李四"


def test_groups_expose_prefix_role_and_contributors_for_the_template(people):
    groups = group_bylines(credit(people, ("allmedia", "huxian"), ("intern", "wujiayi")))
    assert [g.prefix for g in groups] == ["湖北日报"]
    assert [(c.role.name_zh, [p.name for p in c.contributors]) for c in groups[0].roles] == [
        ("全媒记者", ["胡弦"]),
        ("实习生", ["吴佳怡"]),
    ]


def test_no_bylines_print_nothing():
    assert group_bylines([]) == []
    assert byline_text([]) == ""


def test_roles_of_lists_every_role_a_contributor_had(people):
    article = make_article()
    add_byline(article, people["huxian"], people["reporter"])
    add_byline(article, people["huxian"], people["allmedia"])
    add_byline(article, people["zhangsan"], people["intern"])
    roles = roles_of(article, people["huxian"])
    assert [r.name_zh for r in roles] == ["记者", "全媒记者"]


def test_article_page_links_each_name_to_the_contributor_page(client, people):
    article = make_article()
    add_byline(article, people["zhangsan"], people["reporter"])
    add_byline(article, people["lisi"], people["reporter"])
    html = client.get(article.get_absolute_url()).content.decode()
    assert (
        f'<p class="byline">长江日报记者 <a href="/contributors/{people["zhangsan"].pk}/">张三</a>'
        f' <a href="/contributors/{people["lisi"].pk}/">李四</a></p>'
    ) in html


@pytest.mark.django_db
def test_byline_keeps_chinese_role_names_in_an_english_interface(client):
    outlet = make_outlet("湖北日报")
    article = make_article()
    add_byline(article, make_contributor("胡弦", outlet), make_role("全媒记者"))
    response = client.get(article.get_absolute_url(), headers={"Accept-Language": "en"})
    assert "湖北日报全媒记者 胡弦" in page_text(response)
