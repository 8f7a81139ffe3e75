"""accounts.models: what the User model says about a person."""

import pytest

from accounts.services import user_create


@pytest.mark.django_db
def test_classmates_never_see_a_username_as_a_name():
    nameless = user_create(username="secret.login", password="x-Long-pass-1")
    assert "secret.login" not in nameless.display_name
