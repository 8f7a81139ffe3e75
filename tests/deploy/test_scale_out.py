"""Scale-out for real: Debian's nginx on the loopback, terminating TLS with a
certificate made here, in front of two gunicorn processes that share one
PostgreSQL database and one Redis. A student signs in through it, saves a draft on
one process and submits on the other; a teacher, on a session of their own, reads
the answer. nginx runs deploy/nginx/portal.conf itself (the file
docs/deployment.md describes), with a header added naming the process that answered.
"""

import datetime
import gzip
import ipaddress
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.urls import reverse

from accounts.models import User
from assignments.models import Response, SubmissionVersion
from bench.servers import gunicorn_start, wait_until_up
from tests.assignments.conftest import build_assignment, enrol, prompt_of
from tests.builders import PASSWORD, StudentFactory

ROOT = Path(__file__).resolve().parent.parent.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _needs(what: str) -> None:
    if os.environ.get("PORTAL_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"{what} is required here (.ci/run installs it)")
    pytest.skip(f"needs {what}")


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost, and its key."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [
                    x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                    x509.DNSName("localhost"),
                ]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "portal.crt", folder / "portal.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def _free_port() -> int:
    # nginx cannot take a socket from us; the kernel picks a free port, which is
    # handed to nginx at once (a clash would show as nginx failing to start).
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_url() -> str:
    import redis

    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError:
        _needs(f"Redis at {url}")
    return url


def _environment() -> dict:
    """Production settings (DEBUG off, HTTPS, Argon2, manifest static files) on
    this test's database, behind the proxy, with Redis for cache and sessions."""
    db = connection.settings_dict
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PORTAL_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_DEBUG="0",
        DJANGO_BEHIND_PROXY="1",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=(
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        REDIS_URL=_redis_url(),
        REDIS_KEY_PREFIX=f"scale-out-{uuid.uuid4().hex[:8]}",
        PYTHONPATH=str(ROOT),
    )
    return env


@pytest.fixture
def stack(tmp_path):
    """nginx (TLS) → two gunicorn processes → one PostgreSQL, one Redis."""
    if not Path(NGINX).exists():
        _needs("nginx (apt-get install nginx)")
    env = _environment()
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    processes = [
        gunicorn_start(
            "portal.wsgi:application",
            env=env,
            workers=1,
            log=tmp_path / f"gunicorn-{n}.log",
        )
        for n in (1, 2)
    ]
    # nginx's workers run as an unprivileged user when the test runs as root:
    # their folder must be one they can enter.
    prefix = Path(tempfile.mkdtemp(prefix="portal-nginx-"))
    prefix.chmod(0o755)
    cert, key = _certificate(tmp_path)
    port = _free_port()
    conf = (ROOT / "deploy" / "nginx" / "portal.conf").read_text()
    for name, value in {
        "@PREFIX@": str(prefix),
        "@LISTEN@": f"127.0.0.1:{port}",
        "@CERT@": str(cert),
        "@KEY@": str(key),
        "@UPSTREAMS@": " ".join(f"server 127.0.0.1:{p.port};" for p in processes),
        "@EXTRA@": "add_header X-Upstream $upstream_addr always;",
    }.items():
        conf = conf.replace(name, value)
    # One nginx worker: its round robin then alternates strictly between the two.
    conf = conf.replace("worker_processes auto;", "worker_processes 1;")
    (prefix / "nginx.conf").write_text(conf)
    nginx = subprocess.Popen(  # noqa: S603
        [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", "stderr"]
        + ["-g", "daemon off;"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        for process in processes:
            wait_until_up(f"{process.base}/healthz/", server=process)
        base = f"https://127.0.0.1:{port}"
        _wait_for_nginx(base, cert, nginx)
        yield base, cert, [p.port for p in processes]
    finally:
        nginx.terminate()
        nginx.wait(timeout=20)
        for process in processes:
            process.stop()
        shutil.rmtree(prefix, ignore_errors=True)


def _wait_for_nginx(base, cert, nginx) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if nginx.poll() is not None:
            raise RuntimeError(nginx.stdout.read().decode(errors="replace"))
        try:
            requests.get(f"{base}/healthz/", verify=str(cert), timeout=5)
            return
        except requests.ConnectionError:
            time.sleep(0.2)
    raise RuntimeError("nginx did not answer")


class Browser:
    """One person's session through the proxy: cookies, CSRF, the Referer a
    browser sends, and which process answered each request."""

    def __init__(self, base, cert):
        self.base = base
        self.session = requests.Session()
        self.session.verify = str(cert)
        # Else REQUESTS_CA_BUNDLE from the environment wins over ``verify``.
        self.session.trust_env = False
        self.answered_by = []

    def _note(self, answer):
        # The process that took the request itself, not the page redirected to.
        first = answer.history[0] if answer.history else answer
        self.answered_by.append(first.headers.get("X-Upstream", ""))
        return answer

    def get(self, path, **kwargs):
        return self._note(self.session.get(self.base + path, timeout=30, **kwargs))

    def post(self, path, data, **kwargs):
        headers = {"Referer": self.base + path, **kwargs.pop("headers", {})}
        return self._note(
            self.session.post(
                self.base + path, data=data, headers=headers, timeout=30, **kwargs
            )
        )

    def token(self, page_html: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page_html)[1]

    def sign_in(self, username: str) -> None:
        path = reverse("accounts:login")
        form = self.get(path)
        done = self.post(
            path,
            {
                "csrfmiddlewaretoken": self.token(form.text),
                "username": username,
                "password": PASSWORD,
            },
        )
        assert done.status_code == 200 and done.url != self.base + path, done.text

    def next_elsewhere(self, upstream: str) -> None:
        """Cheap requests until one is answered by ``upstream``: nginx's round
        robin then sends the next request to the other process."""
        for _ in range(4):
            if self.get("/healthz/").headers["X-Upstream"] == upstream:
                return
        raise AssertionError("nginx did not alternate between the processes")


def _assert_sent_compressed(browser: Browser, url: str, words: str) -> None:
    """The page's bytes on the wire are gzip and under half the HTML the
    browser gets from them."""
    wire = browser.session.get(url, stream=True, timeout=30)
    assert wire.headers.get("Content-Encoding") == "gzip"
    assert "text/html" in wire.headers["Content-Type"]
    sent = wire.raw.read(decode_content=False)
    html = gzip.decompress(sent)
    assert words.encode() in html
    assert len(sent) * 2 < len(html), (len(sent), len(html))


def _production_passwords(*people) -> None:
    """The test settings hash with MD5, which the production settings the
    processes run refuse; store PASSWORD the way production can check it."""
    hashed = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    User.objects.filter(pk__in=[p.pk for p in people]).update(password=hashed)


def test_a_student_saves_on_one_process_and_submits_on_the_other(
    stack, teacher, tmp_path
):
    base, cert, ports = stack
    assignment = build_assignment(teacher, prompts=1)
    student = enrol(assignment.classroom, StudentFactory(first_name="Ines"))
    _production_passwords(teacher, student)
    prompt = prompt_of(assignment)
    excerpt = assignment.lesson.lesson_excerpts.first().excerpt
    upstreams = {f"127.0.0.1:{port}" for port in ports}

    me = Browser(base, cert)
    me.sign_in(student.username)
    page = me.get(reverse("assignments:assignment_detail", args=[assignment.pk]))
    assert page.status_code == 200 and "csrfmiddlewaretoken" in page.text
    # The session cookie is Secure: TLS ended at nginx, the portal knew it.
    assert all(c.secure for c in me.session.cookies if c.name == "sessionid")
    csrf = me.session.cookies["csrftoken"]
    api = {"X-CSRFToken": csrf}

    saved = me.post(
        reverse("assignments:response_autosave", args=[assignment.pk, prompt.pk]),
        {"text": "Lend-Lease kept the alliance going.", "revision": "5"},
        headers=api,
    )
    assert saved.status_code == 200 and saved.json()["saved"] is True
    saved_on = me.answered_by[-1]
    cited = me.post(
        reverse("assignments:citation_create", args=[assignment.pk, prompt.pk]),
        {"excerpt": excerpt.pk, "paragraph": 1, "quotation": "lend or lease"},
        headers=api,
    )
    assert cited.status_code == 200, cited.text

    me.next_elsewhere(saved_on)
    key = str(uuid.uuid4())
    submit = reverse("assignments:response_submit", args=[assignment.pk, prompt.pk])
    form = {
        "csrfmiddlewaretoken": me.token(page.text),
        "text": "Lend-Lease kept the alliance going.",
        "idempotency_key": key,
        "student": student.pk,
    }
    submitted = me.post(submit, form)
    submitted_on = me.answered_by[-1]
    assert submitted.status_code == 200, submitted.text
    assert "submitted (version 1)" in submitted.text
    # nginx named the request ($request_id); the process that served it wrote
    # that id into its JSON log line for the request (the POST, before the
    # redirect to the page).
    posted = submitted.history[0] if submitted.history else submitted
    request_id = posted.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    logged = [
        json.loads(line)
        for log in tmp_path.glob("gunicorn-*.log")
        for line in log.read_text().splitlines()
        if line.startswith("{")
    ]
    assert {"path": submit, "status": posted.status_code} in [
        {"path": line.get("path"), "status": line.get("status")}
        for line in logged
        if line["request_id"] == request_id
    ]
    assert {saved_on, submitted_on} == upstreams  # one process each
    # The same click again (a retry through the proxy) adds nothing.
    again = me.post(submit, form)
    assert again.status_code == 200
    assert SubmissionVersion.objects.filter(response__student=student).count() == 1
    assert set(me.answered_by) == upstreams

    # A request without the CSRF token is refused, whichever process gets it.
    forged = me.session.post(
        base + submit,
        data={"text": "Not mine.", "idempotency_key": str(uuid.uuid4())},
        headers={"Referer": base + submit},
        timeout=30,
    )
    assert forged.status_code == 403

    teacher_view = Browser(base, cert)
    teacher_view.sign_in(teacher.username)
    grading = teacher_view.get(
        reverse("assignments:grading", args=[assignment.pk, student.pk])
    )
    assert "Lend-Lease kept the alliance going." in grading.text
    # HTML crosses the network compressed (nginx's gzip).
    _assert_sent_compressed(teacher_view, grading.url, "Lend-Lease kept the alliance")
    answer = Response.objects.get(student=student)
    assert answer.status == Response.Status.SUBMITTED
