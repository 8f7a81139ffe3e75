"""Real-browser helpers: Debian's Chromium driven by Playwright, and axe-core."""

import json
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_CANDIDATES = [
    os.environ.get("CHROMIUM_PATH", ""),
    "/usr/lib/chromium/chromium",
    shutil.which("chromium") or "",
]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def chromium_path() -> str | None:
    for candidate in CHROMIUM_CANDIDATES:
        if candidate and Path(candidate).exists():
            return candidate
    return None


def browser_required() -> bool:
    return os.environ.get("PORTAL_REQUIRE_BROWSER", "") in {"1", "true", "yes"}


def skip_or_fail(reason: str):
    """Without Chromium the browser tests skip on a laptop, but fail in CI, where
    PORTAL_REQUIRE_BROWSER=1 says they must run."""
    if browser_required():
        pytest.fail(f"Browser tests are required here, but {reason}", pytrace=False)
    pytest.skip(reason)


def assert_axe_clean(page, context: str = "") -> None:
    """Run axe-core (WCAG 2.2 AA rule set) on the page; fail listing each violation."""
    if not AXE_JS.exists():
        skip_or_fail("node_modules/axe-core is missing (run npm ci)")
    # Evaluated through the DevTools protocol, so the page's CSP stays in force.
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    violations = page.evaluate(
        """async (tags) => {
            // Colours are measured as painted now: let running transitions (a
            // button under the pointer fading to its hover colour) finish first.
            await Promise.all(document.getAnimations()
                .filter(a => Number.isFinite(a.effect?.getComputedTiming().endTime))
                .map(a => a.finished.catch(() => null)));
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
        }""",
        AXE_TAGS,
    )
    where = f" on {context or page.url}"
    assert violations == [], f"axe violations{where}:\n" + json.dumps(
        violations, indent=1
    )


def sign_in(page, base_url: str, username: str, password: str) -> None:
    """Sign in through the real form, as a person would."""
    page.goto(f"{base_url}/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_load_state("domcontentloaded")
