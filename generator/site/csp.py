"""The Content-Security-Policy of every page: scripts and styles from the site only.

The policy is a meta tag (a static host such as GitHub Pages sets no headers). The theme partial
partials/csp.html writes the tag with PLACEHOLDER; once the site is built, `fill_site` goes over
its HTML files and fills in each page's policy (`with_policy`), with the sha256 of each inline
script of that very page (a pass over the output, so no MkDocs hook is needed):
mkdocs-material writes a few small inline scripts (colour palette, tabs, the page's base URL),
and a hash allows exactly those bytes, never an injected script. Standalone pages (embed,
chart aliases) have no inline script and take `policy()` from their page model.
"""

from __future__ import annotations

import base64
import hashlib
import re
import sys
from pathlib import Path

PLACEHOLDER = "lyg-csp-policy"

# Each directive with its sources; `script-src` gets the page's inline-script hashes added.
DIRECTIVES: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    # 'unsafe-inline' for styles only: Vega's SVG renderer and vega-embed set style attributes and
    # a <style> element at run time, Material writes style="" on elements (e.g. the header), and
    # the embed page carries its own small <style>. Styles cannot run code; scripts stay strict.
    "style-src": ("'self'", "'unsafe-inline'"),
    # data: for the theme's inline SVG icons in CSS and Vega's generated images.
    "img-src": ("'self'", "data:"),
    "font-src": ("'self'", "data:"),
    "connect-src": ("'self'",),  # chart specs, the search index
    "worker-src": ("'self'",),  # the search worker
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
}

_META = f'content="{PLACEHOLDER}"'
# Inline scripts that run: no src, and no type or a JavaScript type (JSON data blocks do not run).
_INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE
)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}


def script_hash(body: str) -> str:
    """The CSP source for an inline script's exact text."""
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_script_hashes(html: str) -> list[str]:
    hashes = []
    for match in _INLINE_SCRIPT.finditer(html):
        kind = _TYPE.search(match.group("attrs"))
        if (kind.group(1).lower() if kind else "") in _JS_TYPES:
            hashes.append(script_hash(match.group("body")))
    return list(dict.fromkeys(hashes))


def policy(script_hashes: list[str] | tuple[str, ...] = ()) -> str:
    directives = dict(DIRECTIVES)
    directives["script-src"] = (*DIRECTIVES["script-src"], *script_hashes)
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def with_policy(html: str) -> str:
    """The page with its policy in the placeholder meta tag (pages without the tag are unchanged)."""
    if _META not in html:
        return html
    return html.replace(_META, f'content="{policy(inline_script_hashes(html))}"', 1)


def fill_site(site_dir: Path) -> int:
    """Fill in the policy of every built HTML file that holds the placeholder; returns how many.

    Files are read and written as bytes, so nothing else in them changes (line ends included).
    """
    marker = _META.encode("ascii")
    filled = 0
    for path in sorted(Path(site_dir).rglob("*.html")):
        data = path.read_bytes()
        if marker not in data:
            continue
        path.write_bytes(with_policy(data.decode("utf-8")).encode("utf-8"))
        filled += 1
    return filled


if __name__ == "__main__":  # `python -m generator.site.csp SITE_DIR`: the pass on a site built elsewhere
    print(f"{fill_site(Path(sys.argv[1]))} pages", file=sys.stderr)
