"""A SAML 2.0 identity provider inside the test process: its own RSA key and
self-signed certificate (made with `cryptography`), and signed <Response>s built
for the portal's sign-in requests, signed with python3-saml's own xmlsec signer."""

import base64
import uuid
import zlib
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlparse
from xml.sax.saxutils import escape, quoteattr

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from lxml import etree
from onelogin.saml2.constants import OneLogin_Saml2_Constants as SAML
from onelogin.saml2.utils import OneLogin_Saml2_Utils

ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion"
PROTOCOL_NS = "urn:oasis:names:tc:SAML:2.0:protocol"


class SamlIdP:
    """One identity provider: ``entity_id`` and a signing key. ``cert_body`` goes
    in the portal's provider settings (idp.x509cert)."""

    def __init__(self, entity_id: str = "https://idp.riverside.test/saml"):
        self.entity_id = entity_id
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Riverside IdP")])
        now = datetime.now(UTC)
        self.cert = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=30))
            .sign(self.key, hashes.SHA256())
        )

    @property
    def key_pem(self) -> str:
        return self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()

    @property
    def cert_pem(self) -> str:
        return self.cert.public_bytes(serialization.Encoding.PEM).decode()

    @property
    def cert_body(self) -> str:
        lines = self.cert_pem.strip().splitlines()
        return "".join(line for line in lines if "-----" not in line)

    def _sign(self, xml: str) -> str:
        signed = OneLogin_Saml2_Utils.add_sign(
            xml,
            self.key_pem,
            self.cert_pem,
            sign_algorithm=SAML.RSA_SHA256,
            digest_algorithm=SAML.SHA256,
        )
        text = signed.decode() if isinstance(signed, bytes) else signed
        return text.split("?>", 1)[1] if text.startswith("<?xml") else text

    def response(
        self,
        *,
        request_id: str | None,
        audience: str,
        acs_url: str,
        subject: str,
        attributes: dict[str, str],
        sign: bool = True,
        lifetime: timedelta = timedelta(minutes=5),
    ) -> str:
        """A base64 SAMLResponse answering ``request_id`` (None: unsolicited),
        its assertion signed unless ``sign`` is False; a negative ``lifetime``
        makes one that has already expired."""
        now = datetime.now(UTC)
        start, end = now - timedelta(minutes=1), now + lifetime
        assertion = self._assertion(
            request_id, audience, acs_url, subject, attributes, start, end
        )
        if sign:
            assertion = self._sign(assertion)
        in_response = f" InResponseTo={quoteattr(request_id)}" if request_id else ""
        xml = (
            f'<samlp:Response xmlns:samlp="{PROTOCOL_NS}" xmlns:saml="{ASSERTION_NS}" '
            f'ID="_{uuid.uuid4().hex}" Version="2.0" IssueInstant="{_time(now)}" '
            f"Destination={quoteattr(acs_url)}{in_response}>"
            f"<saml:Issuer>{escape(self.entity_id)}</saml:Issuer>"
            '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>'
            f"</samlp:Status>{assertion}</samlp:Response>"
        )
        return base64.b64encode(xml.encode()).decode()

    def _assertion(
        self, request_id, audience, acs_url, subject, attributes, start, end
    ):
        in_response = f" InResponseTo={quoteattr(request_id)}" if request_id else ""
        values = "".join(
            f"<saml:Attribute Name={quoteattr(name)}>"
            f"<saml:AttributeValue>{escape(value)}</saml:AttributeValue></saml:Attribute>"
            for name, value in attributes.items()
        )
        assertion_id = f"_{uuid.uuid4().hex}"
        return (
            f'<saml:Assertion xmlns:saml="{ASSERTION_NS}" ID="{assertion_id}" '
            f'Version="2.0" IssueInstant="{_time(start)}">'
            f"<saml:Issuer>{escape(self.entity_id)}</saml:Issuer>"
            "<saml:Subject>"
            '<saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">'
            f"{escape(subject)}</saml:NameID>"
            '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">'
            f'<saml:SubjectConfirmationData NotOnOrAfter="{_time(end)}" '
            f"Recipient={quoteattr(acs_url)}{in_response}/>"
            "</saml:SubjectConfirmation></saml:Subject>"
            f'<saml:Conditions NotBefore="{_time(start)}" NotOnOrAfter="{_time(end)}">'
            f"<saml:AudienceRestriction><saml:Audience>{escape(audience)}</saml:Audience>"
            "</saml:AudienceRestriction></saml:Conditions>"
            f'<saml:AuthnStatement AuthnInstant="{_time(start)}" SessionIndex="{assertion_id}">'
            "<saml:AuthnContext><saml:AuthnContextClassRef>"
            "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
            "</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>"
            f"<saml:AttributeStatement>{values}</saml:AttributeStatement>"
            "</saml:Assertion>"
        )


def _time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def authn_request_id(redirect_url: str) -> tuple[str, str]:
    """The ID of the sign-in request the portal sent (HTTP-Redirect binding: the
    request is deflated and base64-encoded) and its RelayState."""
    query = parse_qs(urlparse(redirect_url).query)
    xml = zlib.decompress(base64.b64decode(query["SAMLRequest"][0]), -15)
    return etree.fromstring(xml).get("ID"), query.get("RelayState", [""])[0]
