"""The two conditions on which the rebuild caches may stay in the build's configuration (issue 29),
and Zensical as a standing check:

1. a MkDocs build of the same assembled trees without the cache hooks is the same site, byte for byte;
2. Zensical, which runs no hooks, builds the same set of pages from each edition's tree (the
   Chinese one at the root, the English one in en/, each from its own configuration), in strict mode.

The Zensical test needs `.venv-zensical` (`make site-zensical` installs it; CI's zensical job runs
this module after it); without it the test is skipped, saying so.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from generator import i18n
from generator.build import PRECOMPRESS_CACHE, fixed_build_environment
from generator.site import csp, precompress, sitemap_index
from tests.conftest import ROOT, TEST_EPOCH
from tests.test_docs_tree_site import differences

SITE_URL = "https://lyg-air.github.io/lyg-air/"
ZENSICAL = ROOT / ".venv-zensical" / "bin" / "zensical"


# Each edition's folder in the site and in the build folder (build/, build/en/).
EDITIONS = {"zh": "", "en": "en/"}


def hook_free_config(sample_site: Path, folder: Path, docs_dir: Path, edition: str = "") -> Path:
    """The build's own configuration of an edition (build/mkdocs.yml, build/en/mkdocs.yml) without
    its `hooks`, written into `folder` (docs_dir: the assembled tree; site_dir: folder/site), paths
    relative to it, as the build writes them."""
    build_dir = sample_site.parent / "build" / edition
    settings = yaml.safe_load((build_dir / "mkdocs.yml").read_text(encoding="utf-8"))
    assert settings.pop("hooks"), "the build's configuration lists the cache hooks"
    custom_dir = (build_dir / settings["theme"]["custom_dir"]).resolve()
    settings["theme"]["custom_dir"] = os.path.relpath(custom_dir, folder)
    settings["docs_dir"] = os.path.relpath(docs_dir, folder)
    settings["site_dir"] = "site"
    config = folder / "mkdocs.yml"
    config.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config


def pages(site: Path, edition: str | None = None) -> set[str]:
    """The site's pages: every HTML file's path (the theme's own files are not pages); with
    `edition` ("" or "en/"), the pages of that edition, relative to its folder."""
    found = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    if edition is None:
        return found
    others = [prefix for prefix in EDITIONS.values() if prefix and prefix != edition]
    return {p[len(edition) :] for p in found if p.startswith(edition) and not p.startswith(tuple(others))}


@pytest.mark.slow
def test_a_mkdocs_build_without_the_cache_hooks_is_byte_identical(sample_site, tmp_path):
    site = tmp_path / "site"
    for lang, edition in EDITIONS.items():  # Chinese first: MkDocs empties its site folder
        folder = tmp_path / (edition or "zh/")
        folder.mkdir(parents=True, exist_ok=True)
        config = hook_free_config(
            sample_site, folder, sample_site.parent / "build" / edition / "docs", edition
        )
        with fixed_build_environment(ROOT, TEST_EPOCH), i18n.use(lang):
            mkdocs_build(load_config(str(config), site_dir=str(site / edition)))
    sitemap_index.write(site, SITE_URL, list(EDITIONS.values()))
    csp.fill_site(site)
    precompress.compress_site(site, sample_site.parent / "build" / PRECOMPRESS_CACHE)  # as the build
    (site / ".lyg-site").write_bytes((sample_site / ".lyg-site").read_bytes())  # the build's marker
    assert len(pages(site)) > 400
    assert differences(sample_site, site) == []


@pytest.mark.slow
@pytest.mark.parametrize("edition", EDITIONS.values(), ids=EDITIONS.keys())
def test_zensical_builds_the_same_pages_in_strict_mode_without_the_hooks(sample_site, tmp_path, edition):
    if not ZENSICAL.exists():
        pytest.skip("Zensical is not installed (.venv-zensical: `make site-zensical` installs it)")
    # Zensical wants the docs and the output inside the configuration's folder: the tree is linked.
    shutil.copytree(sample_site.parent / "build" / edition / "docs", tmp_path / "docs", copy_function=os.link)
    config = hook_free_config(sample_site, tmp_path, tmp_path / "docs", edition)
    run = subprocess.run(
        [str(ZENSICAL), "build", "--clean", "--strict", "--config-file", str(config)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    mkdocs_pages, zensical_pages = pages(sample_site, edition), pages(tmp_path / "site")
    assert len(mkdocs_pages) > 400
    assert sorted(mkdocs_pages - zensical_pages) == [] and sorted(zensical_pages - mkdocs_pages) == []


def test_the_notes_keep_a_dated_list_of_what_blocks_a_switch():
    text = (ROOT / "docs" / "zensical.md").read_text(encoding="utf-8")
    section = text.split("## What blocks a switch", 1)[1].split("\n## ", 1)[0]
    items = [line for line in section.splitlines() if line.startswith("- ")]
    assert items and all(re.match(r"- \d{4}-\d{2}-\d{2}: ", item) for item in items)
    assert "2027-05" in section  # the theme's maintenance ends then
