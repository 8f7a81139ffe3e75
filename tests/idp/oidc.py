"""Start the OpenID Connect test provider (tests/idp/oidc_idp.mjs, the npm
`oidc-provider` package under Node) on the loopback, and walk its sign-in page
without a browser."""

import json
import os
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent.parent
SCRIPT = Path(__file__).with_name("oidc_idp.mjs")
PASSWORD = "district-pass-1"
CALLBACK_PATH = "/auth/oidc/district/login/callback/"


@dataclass
class RunningIdP:
    issuer: str
    process: subprocess.Popen


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _node() -> str:
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "oidc-provider").exists():
        message = "Node and node_modules/oidc-provider are needed (npm ci)"
        if os.environ.get("CI") or os.environ.get("PORTAL_REQUIRE_BROWSER"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return node


@contextmanager
def oidc_idp(*, redirect_uris: list[str], accounts: dict[str, dict]):
    """A running provider whose one client is ``portal`` / ``portal-secret``."""
    port = _free_port()
    env = {
        **os.environ,
        "IDP_PORT": str(port),
        "IDP_REDIRECT_URIS": ",".join(redirect_uris),
        "IDP_ACCOUNTS": json.dumps(accounts),
        "IDP_PASSWORD": PASSWORD,
    }
    process = subprocess.Popen(  # noqa: S603 (our own script, fixed arguments)
        [_node(), str(SCRIPT)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    issuer = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(issuer, process)
        yield RunningIdP(issuer=issuer, process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_until_up(issuer: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode(errors="replace")
            raise RuntimeError(f"the test provider stopped: {output}")
        try:
            if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=2).ok:
                return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise RuntimeError("the test provider did not start within 30 s")


def idp_sign_in(authorize_url: str, *, login: str, password: str = PASSWORD) -> str:
    """Follow the authorization request at the provider, sign in on its form as a
    person would, and return the callback address it sends the browser back to
    (not followed: the caller opens it in the portal)."""
    browser = requests.Session()
    url, method, data = authorize_url, "GET", None
    for _step in range(10):
        response = browser.request(
            method, url, data=data, allow_redirects=False, timeout=30
        )
        if response.status_code in {302, 303}:
            url, method, data = urljoin(url, response.headers["Location"]), "GET", None
            if CALLBACK_PATH in url:
                return url
            continue
        if response.status_code == 200 and "/interaction/" in url:
            url = urljoin(url, f"{url.rstrip('/')}/login")
            method, data = "POST", {"login": login, "password": password}
            continue
        raise AssertionError(
            f"the provider answered {response.status_code}: {response.text[:300]}"
        )
    raise AssertionError("too many steps at the provider")
