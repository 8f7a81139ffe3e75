"""SAML 2.0 sign-in (allauth's SAML provider, python3-saml) against an identity
provider in the test process whose assertions are signed with its own key: a
signed one signs in, and an unsigned, expired, wrong-audience, replayed,
unsolicited or wrongly signed one is refused with a page."""

import pytest
from allauth.socialaccount.models import SocialAccount
from django.test import Client

from tests.builders import StudentFactory, sign_in_provider_build
from tests.idp.saml import SamlIdP, authn_request_id

HOST = "portal.riverside.test"
SP_ENTITY = f"http://{HOST}/auth/saml/riverside/metadata/"
ACS = f"http://{HOST}/auth/saml/riverside/acs/"
STUDENT = {"uid": "saml-7", "studentId": "S-700", "givenName": "Ada", "sn": "Lovelace"}


@pytest.fixture(scope="module")
def idp():
    return SamlIdP()


@pytest.fixture
def saml_provider(db, settings, idp):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]
    return sign_in_provider_build(
        provider="saml",
        name="Sign in with Riverside (SAML)",
        client_id="riverside",
        idp={
            "entity_id": idp.entity_id,
            "sso_url": f"{idp.entity_id}/sso",
            "x509cert": idp.cert_body,
        },
        sp={"entity_id": SP_ENTITY},
        attribute_mapping={"uid": "uid", "first_name": "givenName", "last_name": "sn"},
        advanced={"want_assertion_signed": True},
        roster_id_claim="studentId",
    )


@pytest.fixture
def browser():
    return Client(HTTP_HOST=HOST)


def start(browser) -> str:
    """Press the button; returns the sign-in request's ID the IdP answers."""
    response = browser.post("/auth/saml/riverside/login/", {"next": ""})
    assert response.status_code == 302
    assert response["Location"].startswith("https://idp.riverside.test/saml/sso")
    request_id, _relay = authn_request_id(response["Location"])
    return request_id


def answer(browser, saml_response: str):
    """The browser posts the IdP's answer to the portal (then the portal's second
    step runs, as allauth does it)."""
    response = browser.post(
        "/auth/saml/riverside/acs/", {"SAMLResponse": saml_response}
    )
    assert response.status_code == 302
    return browser.get(response["Location"], follow=True)


def signed_in(browser) -> bool:
    return "_auth_user_id" in browser.session


def refused(page) -> bool:
    return (
        page.status_code in {400, 401, 403}
        and "Sign-in did not work" in page.content.decode()
    )


def good(idp, request_id, /, **overrides):
    fields = {
        "request_id": request_id,
        "audience": SP_ENTITY,
        "acs_url": ACS,
        "subject": "saml-7",
        "attributes": STUDENT,
    }
    fields.update(overrides)
    return idp.response(**fields)


@pytest.mark.django_db
def test_a_signed_assertion_signs_the_student_in_twice_to_one_account(
    saml_provider, idp, browser
):
    ada = StudentFactory(first_name="Ada", student_number="S-700")
    page = answer(browser, good(idp, start(browser)))
    assert page.request["PATH_INFO"] == "/todo/"
    assert page.context["user"] == ada
    browser.post("/accounts/sign-out/")
    page = answer(browser, good(idp, start(browser)))
    assert page.context["user"] == ada
    account = SocialAccount.objects.get()
    assert (account.provider, account.uid, account.user) == ("riverside", "saml-7", ada)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"sign": False}, id="unsigned"),
        pytest.param(
            {"lifetime": -__import__("datetime").timedelta(minutes=10)}, id="expired"
        ),
        pytest.param(
            {"audience": "https://another-portal.test/saml/"}, id="wrong-audience"
        ),
        pytest.param({"request_id": None}, id="unsolicited"),
    ],
)
def test_a_bad_assertion_is_refused_with_a_page(saml_provider, idp, browser, overrides):
    StudentFactory(student_number="S-700")
    page = answer(browser, good(idp, start(browser), **overrides))
    assert refused(page), page.content.decode()[:500]
    assert not signed_in(browser)
    assert not SocialAccount.objects.exists()


@pytest.mark.django_db
def test_an_assertion_signed_with_another_key_is_refused(saml_provider, browser):
    StudentFactory(student_number="S-700")
    page = answer(browser, good(SamlIdP(), start(browser)))
    assert refused(page)
    assert not signed_in(browser)


@pytest.mark.django_db
def test_a_replayed_assertion_is_refused(saml_provider, idp, browser):
    StudentFactory(student_number="S-700")
    saml_response = good(idp, start(browser))
    assert answer(browser, saml_response).request["PATH_INFO"] == "/todo/"
    browser.post("/accounts/sign-out/")
    # The same answer again, in the same browser ...
    assert refused(answer(browser, saml_response))
    assert not signed_in(browser)
    # ... or in another one.
    other = Client(HTTP_HOST=HOST)
    assert refused(answer(other, saml_response))
    assert not signed_in(other)
