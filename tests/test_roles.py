"""roles.py says what the data migrations grant; the migrated database must hold exactly that."""

import pytest
from django.contrib.auth.models import Group

from articles import roles
from review.models import ReviewChain

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("group_name", sorted(roles.GROUP_PERMISSIONS))
def test_each_migrated_group_holds_exactly_the_permissions_roles_lists(group_name):
    granted = {
        (permission.content_type.app_label, permission.codename)
        for permission in Group.objects.get(name=group_name).permissions.select_related(
            "content_type"
        )
    }
    assert granted == set(roles.GROUP_PERMISSIONS[group_name])


def test_the_migrations_create_no_group_roles_does_not_list():
    assert set(Group.objects.values_list("name", flat=True)) == set(roles.GROUP_PERMISSIONS)


def test_the_default_chain_is_one_stage_where_editors_and_chiefs_sign_off():
    chain = ReviewChain.objects.get(is_default=True)
    (stage,) = chain.stages.all()
    assert sorted(str(reviewer.group) for reviewer in stage.reviewers.all()) == sorted(
        roles.DEFAULT_CHAIN_REVIEWERS
    )
    assert all(reviewer.user_id is None for reviewer in stage.reviewers.all())
