"""The docs folder a build assembles from site_src/ and the generated pages, the configuration
written beside it, and the Content-Security-Policy pass over the built pages: together they make
the site with no MkDocs hook (issue 15)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from mkdocs.config import load_config

from generator.site import csp, docs_tree, mkdocs_config
from generator.site.docs_tree import DocsCollision, assemble, published_address
from generator.site.output import OutputTree
from tests.conftest import ROOT


def tree(root, files: dict[str, bytes]):
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


def contents(root) -> dict[str, bytes]:
    return {rel: (root / rel).read_bytes() for rel in docs_tree.relative_files(root)}


HAND_WRITTEN = {
    "methodology/index.md": "# 方法".encode(),
    "warnings/emergency-plan.md": b"plan",
    "assets/site.css": b"body{}",
    "overrides/main.html": b"{% extends 'base.html' %}",
}
GENERATED = {
    "index.md": "# 首页".encode(),
    "warnings/2026-001/index.md": b"notice",
    "assets/charts/a.png": bytes(range(256)),
    "rankings/2026-W47/ranking.csv": "县区,排名\r\n海州区,1\r\n".encode("gbk"),
}


def test_the_tree_holds_the_hand_written_and_the_generated_files_byte_for_byte(tmp_path):
    src, gen = tree(tmp_path / "src", HAND_WRITTEN), tree(tmp_path / "gen", GENERATED)
    assemble(src, gen, tmp_path / "docs", leave_out=("overrides",))
    expected = {**HAND_WRITTEN, **GENERATED}
    del expected["overrides/main.html"]  # the theme overrides are templates, not pages
    assert contents(tmp_path / "docs") == expected


def test_the_tree_is_assembled_anew_on_every_build(tmp_path):
    src, gen = tree(tmp_path / "src", HAND_WRITTEN), tree(tmp_path / "gen", GENERATED)
    tree(tmp_path / "docs", {"warnings/2025-009/index.md": b"a notice withdrawn since"})
    assemble(src, gen, tmp_path / "docs")
    assert not (tmp_path / "docs" / "warnings" / "2025-009").exists()


def test_files_are_copied_where_they_cannot_be_linked(tmp_path, monkeypatch):
    def no_link(*args):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(docs_tree.os, "link", no_link)
    src, gen = tree(tmp_path / "src", HAND_WRITTEN), tree(tmp_path / "gen", GENERATED)
    assemble(src, gen, tmp_path / "docs")
    assert contents(tmp_path / "docs") == {**HAND_WRITTEN, **GENERATED}
    assert os.stat(tmp_path / "docs" / "index.md").st_ino != os.stat(gen / "index.md").st_ino


def test_a_generated_file_may_not_overwrite_a_hand_written_one(tmp_path):
    src = tree(tmp_path / "src", HAND_WRITTEN)
    gen = tree(tmp_path / "gen", {**GENERATED, "assets/site.css": b"body{display:none}"})
    with pytest.raises(
        DocsCollision, match="generated file assets/site.css would overwrite site_src/assets/site.css"
    ):
        assemble(src, gen, tmp_path / "docs")
    assert not (tmp_path / "docs").exists()  # refused before anything was written


def test_a_generated_file_may_not_overwrite_a_theme_override_either(tmp_path):
    src = tree(tmp_path / "src", HAND_WRITTEN)
    gen = tree(tmp_path / "gen", {"overrides/main.html": b"<script>"})
    with pytest.raises(DocsCollision, match="would overwrite site_src/overrides/main.html"):
        assemble(src, gen, tmp_path / "docs", leave_out=("overrides",))


def test_a_generated_page_may_not_be_published_at_a_hand_written_page_s_address(tmp_path):
    # a.md and a/index.md are the same page: warnings/emergency-plan/ is the editors' plan.
    src = tree(tmp_path / "src", HAND_WRITTEN)
    gen = OutputTree(tmp_path / "gen")
    gen.reset()
    gen.write_text("warnings/emergency-plan/index.md", "notice")
    with pytest.raises(
        DocsCollision,
        match="generated file warnings/emergency-plan/index.md and site_src/warnings/emergency-plan.md "
        "would both be published as warnings/emergency-plan/index.html",
    ):
        assemble(src, gen.root, tmp_path / "docs")


@pytest.mark.parametrize(
    "rel, address",
    [
        ("index.md", "index.html"),
        ("README.md", "index.html"),
        ("a.md", "a/index.html"),
        ("a/index.md", "a/index.html"),
        ("a/b.markdown", "a/b/index.html"),
        ("a/b.csv", "a/b.csv"),
        ("a/index.html", "a/index.html"),
    ],
)
def test_a_file_is_published_where_mkdocs_puts_it(rel, address):
    assert published_address(rel) == address


HOSTILE_FACTS = {
    "is_sample": True,
    "as_of": "2026-11-22T24:00:00+08:00",
    "active_warnings": [
        {
            "title": "!ENV [HOME] *alias &anchor {{ config.site_name }} <script>alert(1)</script>",
            "level": "yes",
            "areas": ["null", "1e3", "2026-01-01", "- x", "a: b", "'\"", "\u2028\x85\t#"],
        }
    ],
    "stale_notice": None,
    "feeds": {"warnings/": [{"href": "a.xml", "title": "%(x)s ${x}"}]},
}


def test_the_site_facts_reach_mkdocs_exactly_as_built(tmp_path):
    base = mkdocs_config.read_base(ROOT / "mkdocs.yml")
    (tmp_path / "docs").mkdir()
    path = mkdocs_config.write_build_config(base, tmp_path / "docs", HOSTILE_FACTS, tmp_path / "mkdocs.yml")
    cfg = load_config(str(path))
    assert cfg.extra["site_meta"] == HOSTILE_FACTS
    assert Path(cfg.docs_dir).resolve() == tmp_path / "docs"
    assert Path(cfg.theme.custom_dir).resolve() == ROOT / "site_src" / "overrides"


def test_the_build_configuration_is_mkdocs_yml_with_the_build_s_folders_and_facts(tmp_path):
    base = mkdocs_config.read_base(ROOT / "mkdocs.yml")
    path = mkdocs_config.write_build_config(base, tmp_path / "docs", {"is_sample": False}, tmp_path / "m.yml")
    written = yaml.safe_load(path.read_text(encoding="utf-8"))
    own = {"docs_dir", "site_dir", "theme", "extra", "hooks"}
    assert {k: v for k, v in written.items() if k not in own} == {
        k: v for k, v in base.settings.items() if k not in own
    }
    assert (tmp_path / written["docs_dir"]).resolve() == tmp_path / "docs"
    overrides = written["theme"].pop("custom_dir")
    assert (tmp_path / overrides).resolve() == ROOT / "site_src" / "overrides"
    assert written["theme"] == {k: v for k, v in base.settings["theme"].items() if k != "custom_dir"}
    assert written["extra"]["site_meta"] == {"is_sample": False}
    # The editions for the language switch and hreflang (this is the Chinese one, at the root), and
    # the theme's words in Chinese.
    assert [(e["lang"], e["root"], e["current"]) for e in written["extra"]["editions"]] == [
        ("zh", "", True),
        ("en", "en/", False),
    ]
    assert written["extra"]["ui"]["not_found_title"] == "页面不存在"
    # The only hooks are the two rebuild caches, which change no byte of the site
    # (tests/test_page_cache.py builds with and without them).
    hooks = [(tmp_path / hook).resolve() for hook in written["hooks"]]
    assert hooks == [
        ROOT / "generator" / "site" / "page_cache.py",
        ROOT / "generator" / "site" / "search_cache.py",
    ]


def test_mkdocs_yml_lists_no_hook_and_no_plugin_beyond_search():
    settings = mkdocs_config.read_base(ROOT / "mkdocs.yml").settings
    assert "hooks" not in settings
    assert [next(iter(p)) if isinstance(p, dict) else p for p in settings["plugins"]] == ["search"]


def test_the_theme_overrides_and_the_english_pages_are_left_out_of_the_chinese_pages():
    assert mkdocs_config.read_base(ROOT / "mkdocs.yml").not_pages == ("overrides", "en")


def test_the_english_configuration_is_a_site_of_its_own_under_en(tmp_path):
    base = mkdocs_config.read_base(ROOT / "mkdocs.yml")
    meta = {"site_url": "https://air.example.cn/"}
    path = mkdocs_config.write_build_config(base, tmp_path / "docs", meta, tmp_path / "m.yml", lang="en")
    written = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert written["theme"]["language"] == "en"
    assert written["site_url"] == "https://air.example.cn/en/"
    assert written["site_name"] == "Lianyungang Air Quality Information"
    assert written["plugins"] == [{"search": {"lang": "en"}}]  # English words, not the Chinese separator
    assert written["nav"][0] == {"Home": "index.md"}
    assert {e["lang"]: (e["root"], e["site_url"]) for e in written["extra"]["editions"]} == {
        "zh": ("../", "https://air.example.cn/"),
        "en": ("../en/", "https://air.example.cn/en/"),
    }
    assert written["extra"]["ui"]["not_found_title"] == "Page not found"


PAGE = (
    '<html>\r\n<head><meta http-equiv="Content-Security-Policy" content="lyg-csp-policy">\r\n'
    "<script>var a = 1;</script></head>\r\n<body>连云港</body></html>\r\n"
)


def test_the_policy_pass_fills_each_page_and_changes_nothing_else(tmp_path):
    site = tree(
        tmp_path,
        {
            "index.html": PAGE.encode(),
            "a/index.html": PAGE.replace("var a = 1;", "var a = 2;").encode(),
            "embed/x/index.html": "<meta content=\"default-src 'self'\">".encode("gb18030") + b"\xff",
            "notes.txt": b'content="lyg-csp-policy"',
        },
    )
    before = contents(site)
    assert csp.fill_site(site) == 2
    after = contents(site)
    assert after["index.html"] == csp.with_policy(PAGE).encode()
    assert after["a/index.html"] == csp.with_policy(PAGE.replace("var a = 1;", "var a = 2;")).encode()
    assert after["index.html"] != after["a/index.html"]  # each page its own script hashes
    assert b"\r\n" in after["index.html"] and b"lyg-csp-policy" not in after["index.html"]
    assert after["embed/x/index.html"] == before["embed/x/index.html"]
    assert after["notes.txt"] == before["notes.txt"]
