"""Which findings of check-site may hold back a deploy: those on pages this build changed.

check-site gates the deploy. But a finding on a page the new build did not change was already on
the site the last build made; holding the deploy back for it publishes nothing better and keeps a
new warning from going out (one upstream cell once did that for days). So:

- every file of the built site gets a digest of its content with what changes on every build taken
  out (the build time, as status.json gives it, and the Content-Security-Policy hashes that follow
  from it);
- the digests of the last checked build are the baseline (kept between runs by the workflow);
- a finding on a file whose digest equals the baseline's does not block; a finding on a changed or
  new file blocks, except that a new or changed warning page is never held back by findings on
  pages outside the warning's own (the warnings section and its CAP files, the home page).

Without a baseline every file counts as changed: every finding blocks, as before.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime
from pathlib import Path

from generator.sitecheck.links import site_files

_CSP = re.compile(rb'<meta http-equiv="Content-Security-Policy" content="[^"]*">')
# The pages of the warning path: a finding here always blocks (a broken warning is never published).
WARNING_PATH = ("warnings/", "index.html")


def _build_time_forms(site_dir: Path) -> list[bytes]:
    try:
        built_at = json.loads((Path(site_dir) / "status.json").read_text(encoding="utf-8"))["built_at"]
        when = datetime.fromisoformat(built_at)
    except (OSError, ValueError, KeyError, TypeError):
        return []
    forms = [built_at, when.isoformat(), f"{when:%Y-%m-%d %H:%M:%S}", f"{when:%Y-%m-%d %H:%M}"]
    escaped = [f.replace("-", "&#45;") for f in forms]
    return sorted({f.encode() for f in forms + escaped}, key=len, reverse=True)


def digests(site_dir: Path) -> dict[str, str]:
    """Site-relative path -> sha256 of the file with the build time and CSP hashes taken out."""
    forms = _build_time_forms(site_dir)
    out = {}
    for rel in sorted(site_files(site_dir)):
        data = (Path(site_dir) / rel).read_bytes()
        if rel.endswith((".html", ".xml", ".json", ".txt", ".csv", ".js")):
            data = _CSP.sub(b"", data)
            for form in forms:
                data = data.replace(form, b"")
        out[rel] = hashlib.sha256(data).hexdigest()
    return out


def read_baseline(path: Path | None) -> dict[str, str] | None:
    """The digests of the last checked build, or None when there are none (first run, lost cache)."""
    if path is None or not Path(path).is_file():
        return None
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    ok = isinstance(data, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in data.items())
    return data if ok else None


def blocking(problems: list, current: dict[str, str], baseline: dict[str, str] | None) -> list:
    """The problems that hold back the deploy (see the module's rules)."""
    if baseline is None:
        return list(problems)
    changed = {rel for rel, digest in current.items() if baseline.get(rel) != digest}
    new_warning = any(rel.startswith(WARNING_PATH[0]) for rel in changed)
    held = [p for p in problems if p.page in changed]
    if new_warning:
        held = [p for p in held if p.page.startswith(WARNING_PATH)]
    return held
