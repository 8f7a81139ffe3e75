"""Single sign-on through a real OpenID Connect provider (the npm `oidc-provider`
package under Node, started on the loopback by each test): linking, a second
sign-in, and the refusals: tampered state, a replayed callback, a code from another
browser (PKCE), a tampered nonce, an unverified e-mail claim."""

from urllib.parse import parse_qs, urlencode, urlparse, urlunparse

import pytest
import requests
from allauth.socialaccount.models import SocialAccount

from accounts.models import User
from accounts.sso import link_codes_issue
from tests.builders import PASSWORD, StudentFactory, sign_in_provider_build
from tests.idp.oidc import CALLBACK_PATH, idp_sign_in, oidc_idp

ACCOUNTS = {
    "stu-100": {
        "given_name": "Maya",
        "family_name": "Okafor",
        "email": "maya.okafor@riverside.test",
        "email_verified": True,
        "sis_id": "S-100",
    },
    "stu-200": {"given_name": "Jon", "family_name": "Reyes"},
    "teacher-9": {
        "given_name": "Tessa",
        "family_name": "Teacher",
        "email": "tessa@riverside.test",
        "email_verified": True,
    },
    # Someone who set up a provider account claiming a student's address, which
    # the provider never verified.
    "intruder": {
        "given_name": "Not",
        "family_name": "Maya",
        "email": "jon.reyes@riverside.test",
        "email_verified": False,
    },
}


@pytest.fixture(scope="module")
def running_idp():
    with oidc_idp(
        redirect_uris=[f"http://testserver{CALLBACK_PATH}"], accounts=ACCOUNTS
    ) as running:
        yield running


@pytest.fixture
def idp(db, running_idp):
    """The provider, switched on in the admin as a school would."""
    sign_in_provider_build(
        provider="openid_connect",
        provider_id="district",
        name="Sign in with Riverside Schools",
        server_url=running_idp.issuer,
        roster_id_claim="sis_id",
        school_email_domains=["riverside.test"],
    )
    return running_idp


def press_the_button(client) -> str:
    """The sign-in page's button, as a browser posts it; returns the provider's
    authorization address the portal redirects to."""
    page = client.get("/accounts/sign-in/").content.decode()
    assert "Sign in with Riverside Schools" in page
    response = client.post("/auth/oidc/district/login/?process=login", {"next": ""})
    assert response.status_code == 302
    return response["Location"]


def portal_path(url: str) -> str:
    parts = urlparse(url)
    return f"{parts.path}?{parts.query}"


def sign_in_through_provider(client, login: str):
    callback = idp_sign_in(press_the_button(client), login=login)
    return client.get(portal_path(callback), follow=True)


@pytest.mark.django_db
def test_a_roster_student_signs_in_and_comes_back_to_the_same_account(client, idp):
    maya = StudentFactory(first_name="Maya", last_name="Okafor", student_number="S-100")
    final = sign_in_through_provider(client, "stu-100")
    assert final.request["PATH_INFO"] == "/todo/"
    assert final.context["user"] == maya
    account = SocialAccount.objects.get(user=maya)
    assert (account.provider, account.uid) == ("district", "stu-100")

    client.post("/accounts/sign-out/")
    final = sign_in_through_provider(client, "stu-100")
    assert final.context["user"] == maya
    assert SocialAccount.objects.count() == 1
    assert User.objects.filter(first_name="Maya").count() == 1


@pytest.mark.django_db
def test_the_authorization_request_carries_pkce_and_a_nonce(client, idp):
    query = parse_qs(urlparse(press_the_button(client)).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert len(query["nonce"][0]) >= 24
    assert query["state"][0]
    # ... and this provider refuses an authorization request without PKCE.
    del query["code_challenge"], query["code_challenge_method"]
    bare = requests.get(
        f"{idp.issuer}/auth?{urlencode(query, doseq=True)}",
        allow_redirects=False,
        timeout=30,
    )
    assert (
        "code_challenge"
        in parse_qs(urlparse(bare.headers["Location"]).query)["error_description"][0]
        or "PKCE" in bare.headers["Location"]
    )


@pytest.mark.django_db
def test_a_tampered_state_is_refused_with_a_page(client, idp):
    StudentFactory(student_number="S-100")
    callback = idp_sign_in(press_the_button(client), login="stu-100")
    parts = urlparse(callback)
    query = parse_qs(parts.query)
    query["state"] = ["forged-" + query["state"][0]]
    tampered = urlunparse(parts._replace(query=urlencode(query, doseq=True)))
    response = client.get(portal_path(tampered))
    assert response.status_code in {400, 401}
    assert "Sign-in did not work" in response.content.decode()
    assert not SocialAccount.objects.exists()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_replayed_callback_is_refused_with_a_page(client, idp):
    StudentFactory(student_number="S-100")
    callback = idp_sign_in(press_the_button(client), login="stu-100")
    assert (
        client.get(portal_path(callback), follow=True).request["PATH_INFO"] == "/todo/"
    )
    client.post("/accounts/sign-out/")
    again = client.get(portal_path(callback))
    assert again.status_code in {400, 401}
    assert "Sign-in did not work" in again.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_code_from_another_browser_is_refused_by_pkce(client, django_user_model, idp):
    """An attacker signs in at the provider and pushes their callback (their code)
    into a victim's browser, which has a sign-in of its own under way: the victim's
    state is valid, but the code was issued for the attacker's PKCE challenge."""
    from django.test import Client

    StudentFactory(student_number="S-100")
    attacker = Client()
    attacker_callback = idp_sign_in(press_the_button(attacker), login="stu-100")
    victim_authorize = press_the_button(client)
    victim_state = parse_qs(urlparse(victim_authorize).query)["state"][0]
    parts = urlparse(attacker_callback)
    query = parse_qs(parts.query)
    query["state"] = [victim_state]
    injected = urlunparse(parts._replace(query=urlencode(query, doseq=True)))
    response = client.get(portal_path(injected))
    assert response.status_code in {400, 401}
    assert "Sign-in did not work" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_an_id_token_with_another_nonce_is_refused(client, idp):
    StudentFactory(student_number="S-100")
    authorize = urlparse(press_the_button(client))
    query = parse_qs(authorize.query)
    query["nonce"] = ["a-nonce-from-somewhere-else-0123456789"]
    altered = urlunparse(authorize._replace(query=urlencode(query, doseq=True)))
    callback = idp_sign_in(altered, login="stu-100")
    response = client.get(portal_path(callback))
    assert response.status_code == 400
    assert "Sign-in did not work" in response.content.decode()
    assert not SocialAccount.objects.exists()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_login_card_link_code_links_once(client, idp):
    jon = StudentFactory(first_name="Jon", last_name="Reyes", must_change_password=True)
    [code] = link_codes_issue(users=[jon]).values()
    landing = sign_in_through_provider(client, "stu-200")
    assert landing.request["PATH_INFO"] == "/accounts/link/"
    assert "_auth_user_id" not in client.session

    wrong = client.post("/accounts/link/", {"code": "ABCDE-FGHJK"})
    assert "That link code does not work" in wrong.content.decode()
    final = client.post("/accounts/link/", {"code": code.lower()}, follow=True)
    assert final.request["PATH_INFO"] == "/todo/"
    assert final.context["user"] == jon
    jon.refresh_from_db()
    assert jon.must_change_password is False  # signs in through the school now
    assert SocialAccount.objects.get(uid="stu-200").user == jon

    # The code is used up: a second provider account cannot take it.
    client.post("/accounts/sign-out/")
    sign_in_through_provider(client, "intruder")
    again = client.post("/accounts/link/", {"code": code})
    assert "That link code does not work" in again.content.decode()
    assert SocialAccount.objects.filter(user=jon).count() == 1


@pytest.mark.django_db
def test_an_unverified_email_claim_never_links_to_the_student(client, idp):
    jon = StudentFactory(
        first_name="Jon", last_name="Reyes", email="jon.reyes@riverside.test"
    )
    landing = sign_in_through_provider(client, "intruder")
    assert landing.request["PATH_INFO"] == "/accounts/link/"
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.filter(user=jon).exists()
    # Guessing link codes stops after a few tries.
    for n in range(10):
        client.post("/accounts/link/", {"code": f"ZZZZZ-ZZZ{n % 10}Z"})
    response = client.post("/accounts/link/", {"code": "ZZZZZ-ZZZZZ"})
    assert "Too many wrong link codes" in response.content.decode()


@pytest.mark.django_db
def test_a_verified_school_email_links_a_teacher(client, teacher, idp):
    teacher.email = "tessa@riverside.test"
    teacher.save(update_fields=["email"])
    final = sign_in_through_provider(client, "teacher-9")
    assert final.request["PATH_INFO"] == "/teach/"
    assert SocialAccount.objects.get(uid="teacher-9").user == teacher


@pytest.mark.django_db
def test_a_switched_off_provider_has_no_button_and_no_page(client, idp):
    from allauth.socialaccount.models import SocialApp

    app = SocialApp.objects.get(provider_id="district")
    app.settings = {**app.settings, "enabled": False}
    app.save()
    assert "Riverside" not in client.get("/accounts/sign-in/").content.decode()
    assert client.post("/auth/oidc/district/login/").status_code == 404
    # The password form still works.
    student = StudentFactory()
    response = client.post(
        "/accounts/sign-in/", {"username": student.username, "password": PASSWORD}
    )
    assert response.status_code == 302
