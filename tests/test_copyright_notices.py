import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles.models import Article, CopyrightNotice
from tests.factories import make_article, make_outlet, make_section

pytestmark = pytest.mark.django_db


def test_notice_text_names_its_holder_wherever_the_placeholder_stands():
    jingchu = make_outlet("荆楚网", with_notice=False)
    notice = CopyrightNotice.objects.create(
        holder=jingchu, title="标准", template="凡注明“来源:{holder}”的作品,版权归{holder}所有。"
    )
    assert notice.text == "凡注明“来源:荆楚网”的作品,版权归荆楚网所有。"


def test_notice_follows_a_renamed_holder():
    outlet = make_outlet("荆楚网")
    outlet.name = "荆楚网（湖北日报网）"
    outlet.save()
    assert "版权归荆楚网（湖北日报网）所有" in outlet.default_notice.text


def test_notice_that_spells_out_another_outlet_is_refused():
    make_outlet("大众新闻网")
    jingchu = make_outlet("荆楚网", with_notice=False)
    notice = CopyrightNotice(
        holder=jingchu, title="错误", template="凡注明“来源:{holder}”的作品,版权归大众新闻网所有。"
    )
    with pytest.raises(ValidationError) as excinfo:
        notice.full_clean()
    assert "大众新闻网" in str(excinfo.value.message_dict["template"])


def test_notice_without_placeholder_is_refused_by_validation_and_database():
    outlet = make_outlet(with_notice=False)
    notice = CopyrightNotice(holder=outlet, title="无名", template="版权所有。")
    with pytest.raises(ValidationError):
        notice.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        notice.save()


def test_outlet_default_notice_must_be_its_own():
    first, second = make_outlet("甲网"), make_outlet("乙网")
    first.default_notice = second.default_notice
    with pytest.raises(ValidationError) as excinfo:
        first.full_clean()
    assert "default_notice" in excinfo.value.message_dict


def test_article_gets_its_source_default_notice():
    outlet = make_outlet("荆楚网")
    article = make_article(source=outlet)
    assert article.copyright_notice == outlet.default_notice


def test_article_cannot_carry_another_outlets_notice():
    jingchu, dazhong = make_outlet("荆楚网"), make_outlet("大众新闻网")
    article = make_article(source=jingchu)
    article.copyright_notice = dazhong.default_notice
    with pytest.raises(ValidationError) as excinfo:
        article.full_clean()
    assert "copyright_notice" in excinfo.value.message_dict


def test_repost_must_name_an_approved_source_and_the_original():
    unapproved = make_outlet("未授权网", approved_for_reposts=False)
    article = Article(headline="转载", section=make_section(), source=unapproved, is_repost=True)
    with pytest.raises(ValidationError) as excinfo:
        article.full_clean()
    assert set(excinfo.value.message_dict) >= {"source", "original_title", "original_author"}


def test_repost_without_original_credits_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(is_repost=True, source=make_outlet(approved_for_reposts=True))


def test_complete_repost_is_valid():
    outlet = make_outlet("新华社", approved_for_reposts=True)
    article = make_article(
        source=outlet,
        is_repost=True,
        original_title="原标题",
        original_author="王五",
        original_url="https://example.com/a",
    )
    article.full_clean()
    assert Article.objects.get(pk=article.pk).is_repost


def test_published_article_needs_a_publish_time():
    article = make_article(status=Article.Status.DRAFT)
    article.status = Article.Status.PUBLISHED
    with pytest.raises(ValidationError) as excinfo:
        article.full_clean()
    assert "published_at" in excinfo.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        article.save()


def test_notice_giving_copyright_to_an_unknown_outlet_is_refused():
    jingchu = make_outlet("荆楚网", with_notice=False)
    notice = CopyrightNotice(
        holder=jingchu,
        title="样本页的错误",
        template="凡注明“来源:中国物联网”的所有作品,版权归大众新闻网所有。{holder}",
    )
    with pytest.raises(ValidationError) as excinfo:
        notice.full_clean()
    assert "大众新闻网" in str(excinfo.value.message_dict["template"])


def test_article_with_a_notice_must_name_its_source():
    outlet = make_outlet("荆楚网")
    article = make_article(copyright_notice=outlet.default_notice)
    with pytest.raises(ValidationError) as excinfo:
        article.full_clean()
    assert "source" in excinfo.value.message_dict


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "ftp://x.cn/"])
def test_links_printed_on_pages_must_be_web_addresses_even_without_validation(url):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_outlet(homepage=url, with_notice=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(original_url=url)


@pytest.mark.parametrize(
    "template",
    [
        "本作品版权属于大众新闻网。{holder}",
        "凡注明来源{holder}的作品,版权归属大众新闻网所有。",
        "版权所有:大众新闻网 {holder}",
    ],
)
def test_every_way_of_naming_another_owner_is_refused(template):
    notice = CopyrightNotice(
        holder=make_outlet("荆楚网", with_notice=False), title="t", template=template
    )
    with pytest.raises(ValidationError):
        notice.full_clean()


def test_notice_added_with_a_new_outlet_cannot_name_an_existing_one(client):
    from articles import roles
    from tests.factories import make_staff

    make_outlet("湖北日报")
    client.force_login(make_staff("editor", roles.EDITOR))
    response = client.post(
        "/admin/articles/sourceoutlet/add/",
        {
            "name": "探针网",
            "short_name": "",
            "homepage": "",
            "notices-TOTAL_FORMS": "1",
            "notices-INITIAL_FORMS": "0",
            "notices-MIN_NUM_FORMS": "0",
            "notices-MAX_NUM_FORMS": "1000",
            "notices-0-title": "标准",
            "notices-0-template": "凡本网注明来源湖北日报的作品,{holder}保留权利",
        },
    )
    assert response.status_code == 200
    assert "湖北日报" in str(response.context["inline_admin_formsets"][0].formset.errors)
    assert not CopyrightNotice.objects.filter(holder__name="探针网").exists()


def test_a_saved_notice_cannot_move_to_another_holder():
    jingchu, dazhong = make_outlet("荆楚网"), make_outlet("大众新闻网")
    article = make_article(source=jingchu)
    notice = jingchu.default_notice
    notice.holder = dazhong
    with pytest.raises(ValidationError) as excinfo:
        notice.full_clean()
    assert "holder" in excinfo.value.message_dict
    article.refresh_from_db()
    assert "荆楚网" in article.effective_notice().text


def test_the_admin_shows_a_saved_notices_holder_without_letting_it_change(client):
    from articles import roles
    from tests.factories import make_staff

    jingchu, dazhong = make_outlet("荆楚网"), make_outlet("大众新闻网")
    notice = jingchu.default_notice
    client.force_login(make_staff("editor", roles.EDITOR))
    url = f"/admin/articles/copyrightnotice/{notice.pk}/change/"
    assert 'name="holder"' not in client.get(url).content.decode()
    client.post(url, {"holder": dazhong.pk, "title": notice.title, "template": notice.template})
    notice.refresh_from_db()
    assert notice.holder == jingchu
