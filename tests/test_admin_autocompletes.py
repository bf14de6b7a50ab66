"""Every autocomplete field of every admin shows a refused form again, whatever was posted in it:
a value that names no row is dropped from the widget, never a 500."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from articles import roles
from review.models import ReviewChain, Stage
from tests.factories import make_staff

pytestmark = pytest.mark.django_db

NOT_KEYS = ["abc", "1\x00", "99999999999999999999", "-1.5"]


def autocomplete_fields():
    for model, model_admin in admin.site._registry.items():
        owners = [model_admin] + [inline(model, admin.site) for inline in model_admin.inlines]
        for owner in owners:
            for name in owner.autocomplete_fields:
                yield pytest.param(owner, name, id=f"{type(owner).__name__}.{name}")


@pytest.mark.parametrize(("owner", "name"), list(autocomplete_fields()))
def test_an_autocomplete_widget_shows_no_choice_for_values_that_name_no_row(owner, name):
    request = RequestFactory().get("/")
    request.user = make_staff("chief", roles.EDITOR, is_superuser=True)
    db_field = owner.model._meta.get_field(name)
    widget = owner.formfield_for_dbfield(db_field, request).widget
    for value in NOT_KEYS:
        html = widget.render(name, [value] if db_field.many_to_many else value)
        assert "<option" not in html.replace('<option value=""', "")


def test_a_review_stage_posted_with_a_chain_that_is_no_id_is_a_form_error(client):
    client.force_login(make_staff("chief", roles.EDITOR, is_superuser=True))
    chain = ReviewChain.objects.create(name="要闻")
    stage = Stage.objects.create(chain=chain, position=1, name="初审")
    response = client.post(
        reverse("admin:review_stage_change", args=[stage.pk]),
        {
            "chain": "1\x00",
            "position": "1",
            "name": "终审",
            "reviewers-TOTAL_FORMS": "0",
            "reviewers-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["chain"]
    stage.refresh_from_db()
    assert stage.name == "初审"
