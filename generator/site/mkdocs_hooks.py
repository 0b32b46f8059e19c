"""MkDocs hooks: bring the generated pages into the site and the site facts into the theme.

Generated pages live in a git-ignored build folder (LYG_GENERATED_DIR, default build/generated)
so that they never mix with the hand-written pages in site_src/.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from mkdocs.structure.files import File, Files

_HERE = Path(__file__).resolve().parents[2]  # the project root (generator/site/ is two below)


def _build_dir() -> Path:
    return Path(os.environ.get("LYG_BUILD_DIR", _HERE / "build"))


def _generated_dir() -> Path:
    return Path(os.environ.get("LYG_GENERATED_DIR", _build_dir() / "generated"))


def on_config(config, **kwargs):
    meta_path = _build_dir() / "site_meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    config.extra["site_meta"] = meta
    return config


def on_files(files: Files, config, **kwargs) -> Files:
    generated = _generated_dir()
    if not generated.is_dir():
        return files
    published = {f.dest_uri: f.src_uri for f in files}
    for path in sorted(generated.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(generated).as_posix()
        existing = files.get_file_from_path(rel)
        if existing is not None:
            # A generated page replaces nothing hand-written: that would hide an editor's work.
            raise ValueError(f"generated file {rel} would overwrite site_src/{rel}")
        page = File(
            rel,
            src_dir=str(generated),
            dest_dir=config.site_dir,
            use_directory_urls=config.use_directory_urls,
        )
        if page.dest_uri in published:  # a.md and a/index.md are both published as a/index.html
            raise ValueError(
                f"generated file {rel} and site_src/{published[page.dest_uri]} would both be "
                f"published as {page.dest_uri}"
            )
        files.append(page)
    return files


def on_post_page(output: str, page, config, **kwargs) -> str:
    """The page's Content-Security-Policy, with the hashes of its own inline scripts."""
    from generator.site.csp import with_policy

    return with_policy(output)


def on_post_template(output_content: str, template_name: str, config, **kwargs) -> str:
    """The same for pages rendered from a theme template alone (404.html)."""
    from generator.site.csp import with_policy

    return with_policy(output_content)
