"""The sample site built from the assembled docs folder is byte for byte the site MkDocs composes
itself from site_src/ and the generated pages with hooks (tests/mkdocs_reference_hooks.py), the
way the build worked before issue 15: the assembly, the written configuration and the policy pass
lose, add and change nothing."""

from __future__ import annotations

import filecmp
import os

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from generator.build import PRECOMPRESS_CACHE, SITE_META_FILE, fixed_build_environment
from generator.site import precompress
from tests.conftest import ROOT, TEST_EPOCH


def differences(a, b, ignore=()) -> list[str]:
    """Files only in one tree or different in bytes, as paths relative to the trees (`ignore`:
    names left out at every depth)."""
    found, stack = [], [("", filecmp.dircmp(a, b, ignore=list(ignore)))]
    while stack:
        prefix, cmp = stack.pop()
        found += [f"{prefix}{name}" for name in cmp.left_only + cmp.right_only + cmp.funny_files]
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        found += [f"{prefix}{name}" for name in mismatch + errors]
        stack += [(f"{prefix}{name}/", sub) for name, sub in cmp.subdirs.items()]
    return sorted(found)


@pytest.mark.slow
def test_the_assembled_build_is_the_site_mkdocs_composes_with_hooks(sample_site, tmp_path, monkeypatch):
    build_dir = sample_site.parent / "build"
    monkeypatch.setenv("LYG_REFERENCE_GENERATED", str(build_dir / "generated"))
    monkeypatch.setenv("LYG_REFERENCE_SITE_META", str(build_dir / SITE_META_FILE))
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\n"
        f"docs_dir: {ROOT / 'site_src'}\n"
        f"theme:\n  custom_dir: {ROOT / 'site_src' / 'overrides'}\n"
        # The Chinese edition: the English one (site_src/en/, site/en/) is a site of its own.
        "exclude_docs: |\n  overrides/\n  en/\n"
        f"hooks:\n  - {ROOT / 'tests' / 'mkdocs_reference_hooks.py'}\n",
        encoding="utf-8",
    )
    reference = tmp_path / "site"
    with fixed_build_environment(ROOT, TEST_EPOCH):
        mkdocs_build(load_config(str(config), site_dir=str(reference)))
    # The .gz/.br copies every text file gets after MkDocs (site/precompress.py), as the build makes them.
    precompress.compress_site(reference, build_dir / PRECOMPRESS_CACHE)
    (reference / ".lyg-site").write_bytes((sample_site / ".lyg-site").read_bytes())  # the build's marker
    assert len(os.listdir(reference)) > 10
    # The English edition (en/) and the index of both editions' sitemaps (written after MkDocs,
    # site/sitemap_index.py; tests/test_editions_metadata.py) are not the Chinese edition's.
    editions = ["en", *(f"sitemap-index.xml{suffix}" for suffix in ("", ".gz", ".br"))]
    assert differences(sample_site, reference, ignore=editions) == []
