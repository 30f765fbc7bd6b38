"""Accessibility checks with axe-core, run inside the page under test.

The app sends a strict Content-Security-Policy (script-src 'self' 'nonce-…'), so an inline
<script> added to the page would be refused. `install_axe` registers axe-core as an init script on
the browser context instead: Playwright adds those through the DevTools protocol, which the page's
CSP does not govern, so the policy stays switched on while we test (and any violation the app
itself causes still shows up). `check_a11y` falls back to `page.add_script_tag`, which only works
in a context made with `bypass_csp=True`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Page

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"

# WCAG 2.2 AA as far as axe can test it automatically.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@cache
def axe_source() -> str:
    if not AXE_SCRIPT.is_file():
        raise AssertionError(
            f"axe-core is missing ({AXE_SCRIPT.relative_to(REPO_ROOT)}): run `make install` (npm ci) first."
        )
    return AXE_SCRIPT.read_text(encoding="utf-8")


def install_axe(context: BrowserContext) -> None:
    """Make `window.axe` available on every page this context opens."""
    context.add_init_script(script=axe_source())


def run_axe(page: Page) -> list[dict[str, Any]]:
    """The WCAG A/AA violations axe finds on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source())
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target, html: n.html, summary: n.failureSummary})),
            }));
        }""",
        WCAG_TAGS,
    )
    return list(result)


def format_violations(violations: list[dict[str, Any]], where: str) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {where}:"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    at {target}: {node['html'][:300]}")
            if node.get("summary"):
                lines.append("      " + node["summary"].replace("\n", "\n      "))
    return "\n".join(lines)


def check_a11y(page: Page) -> None:
    """Fail when axe finds any WCAG 2.2 A/AA violation on the current page."""
    violations = run_axe(page)
    assert not violations, format_violations(violations, page.url)
