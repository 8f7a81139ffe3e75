"""accounts.middleware: a person who must change their password can do nothing else,
and a page's fetch() is told so in JSON instead of being redirected."""

import pytest
from django.urls import reverse

from accounts.services import user_create
from tests.assignments.conftest import build_assignment, enrol


@pytest.mark.django_db
def test_a_save_from_someone_who_must_change_their_password_is_refused_as_json(
    client, teacher
):
    """The page's fetch() must not follow a redirect to the password page and take
    its HTML for a successful save."""
    assignment = build_assignment(teacher)
    kid = user_create(username="kid", password="OneTime-99", must_change_password=True)
    enrol(assignment.classroom, kid)
    prompt = assignment.lesson.prompts.first()
    client.force_login(kid)
    url = reverse("assignments:response_autosave", args=[assignment.pk, prompt.pk])
    response = client.post(url, {"text": "my answer", "revision": 1})
    assert response.status_code == 403
    assert response.json()["error"] == "password_change_required"


@pytest.mark.django_db
def test_a_provider_that_does_not_answer_is_a_page_not_a_server_error(client):
    """Discovery at an OpenID Connect provider that is down used to answer 500."""
    from tests.builders import sign_in_provider_build

    app = sign_in_provider_build(
        provider="openid_connect",
        provider_id="district",
        server_url="http://127.0.0.1:9/",
    )
    url = reverse("openid_connect_login", kwargs={"provider_id": app.provider_id})
    response = client.post(url)
    assert response.status_code == 400
    assert "sign-in service did not answer" in response.content.decode()
