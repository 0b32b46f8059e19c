"""The deploy plan: what travels, in which order, what is deleted, and each object's headers."""

from __future__ import annotations

import gzip

import pytest

from generator.deploy.objects import (
    ADDED_FILES,
    ADDED_PAGES,
    CHANGED_FILES,
    CHANGED_PAGES,
    ENTRANCES,
    MANIFEST_KEY,
    cache_control,
    content_type,
    site_objects,
)
from generator.deploy.plan import TargetState, decode_manifest, encode_manifest, make_plan
from generator.site import mkdocs_config

SHORT, HOUR, YEAR = "public, max-age=300", "public, max-age=3600", "public, max-age=31536000, immutable"


def write(root, files: dict[str, bytes]):
    for key, body in files.items():
        (root / key).parent.mkdir(parents=True, exist_ok=True)
        (root / key).write_bytes(body)
    return root


def deployed(objects) -> TargetState:
    return TargetState(
        listing={k: o.size for k, o in objects.items()}, manifest={k: o.digest for k, o in objects.items()}
    )


def test_new_files_come_before_the_pages_that_link_them_and_the_home_page_and_feeds_last(tmp_path):
    old = {"index.html": b"a", "a/index.html": b"a", "gone/index.html": b"g", "x.csv": b"1"}
    old |= {"feed.xml": b"<feed/>", "sitemap.xml": b"<urlset/>"}
    new = {"index.html": b"b", "a/index.html": b"b", "b/index.html": b"n", "x.csv": b"2", "y.png": b"p"}
    new |= {"feed.xml": b"<feed>1</feed>", "sitemap.xml": b"<urlset/>"}
    old, new = write(tmp_path / "old", old), write(tmp_path / "new", new)
    plan = make_plan(site_objects(new), deployed(site_objects(old)))
    stages = {i: [o.key for o in stage] for i, stage in enumerate(plan.stages)}
    assert stages == {
        ADDED_FILES: ["y.png"],
        ADDED_PAGES: ["b/index.html"],
        CHANGED_FILES: ["x.csv"],
        CHANGED_PAGES: ["a/index.html"],
        ENTRANCES: ["feed.xml", "index.html"],
    }
    assert plan.deletions == ["gone/index.html"] and plan.unchanged == 1


def test_a_new_feed_arrives_before_the_changed_page_that_links_it(tmp_path):
    old = write(tmp_path / "old", {"index.html": b"a", "areas/x/index.html": b"a"})
    new = write(tmp_path / "new", {"index.html": b"a", "areas/x/index.html": b"b", "areas/x/feed.xml": b"f"})
    plan = make_plan(site_objects(new), deployed(site_objects(old)))
    assert [o.key for o in plan.stages[ADDED_FILES]] == ["areas/x/feed.xml"]
    assert [o.key for o in plan.stages[CHANGED_PAGES]] == ["areas/x/index.html"]


def test_on_a_first_deploy_the_home_page_still_arrives_last(tmp_path):
    plan = make_plan(
        site_objects(write(tmp_path, {"index.html": b"h", "a/index.html": b"a"})), TargetState({}, {})
    )
    assert [o.key for o in plan.stages[ENTRANCES]] == ["index.html"]


def test_the_english_editions_home_page_and_sitemap_are_entrances_too(tmp_path):
    old = {"index.html": b"a", "a/index.html": b"a", "en/a/index.html": b"a", "en/sitemap.xml": b"<urlset/>"}
    new = {
        "index.html": b"a",
        "a/index.html": b"a",
        "en/a/index.html": b"b",
        "en/sitemap.xml": b"<urlset>1</urlset>",
    }
    new |= {"en/index.html": b"h", "sitemap-index.xml": b"<sitemapindex/>"}  # English added to the site
    plan = make_plan(
        site_objects(write(tmp_path / "new", new)), deployed(site_objects(write(tmp_path / "old", old)))
    )
    assert [o.key for o in plan.stages[CHANGED_PAGES]] == ["en/a/index.html"]
    assert [o.key for o in plan.stages[ADDED_FILES]] == ["sitemap-index.xml"]  # links only what is there
    assert [o.key for o in plan.stages[ENTRANCES]] == ["en/index.html", "en/sitemap.xml"]


def test_an_object_travels_again_when_missing_resized_or_unknown_to_the_manifest(tmp_path):
    objects = site_objects(write(tmp_path, {"index.html": b"a", "a.csv": b"1", "b.csv": b"2", "c.csv": b"3"}))
    state = deployed(objects)
    del state.listing["a.csv"]  # deleted by hand on the target
    state.listing["b.csv"] += 1  # a different object of the same name
    del state.manifest["c.csv"]  # uploaded by a deploy killed before it recorded it
    state.listing[MANIFEST_KEY] = 10
    plan = make_plan(objects, state)
    assert sorted(o.key for s in plan.stages for o in s) == ["a.csv", "b.csv", "c.csv"]
    assert plan.deletions == [], "the manifest itself is never deleted"


def test_a_changed_header_uploads_the_object_again(tmp_path):
    site = write(tmp_path, {"index.html": b"<p>a</p>"})
    before = site_objects(site, "none")
    write(tmp_path, {"index.html.gz": gzip.compress(b"<p>a</p>")})
    after = site_objects(site, "gzip")
    assert after["index.html"].content_encoding == "gzip"
    assert after["index.html"].digest != before["index.html"].digest


def test_a_stale_gzip_copy_is_not_served_for_its_page(tmp_path):
    site = write(tmp_path, {"index.html": b"new", "index.html.gz": gzip.compress(b"old"), "a.js.br": b"\x0b"})
    objects = site_objects(site, "gzip")
    assert objects["index.html"].content_encoding is None and objects["index.html"].body() == b"new"
    assert "a.js.br" in objects  # a .br with no file beside it is a file of its own


def test_brotli_copies_stay_off_object_storage_but_go_to_a_web_server(tmp_path):
    site = write(tmp_path, {"index.html": b"a", "index.html.br": b"\x0b\x00\x80a\x03"})
    assert "index.html.br" not in site_objects(site, "gzip")
    assert site_objects(site, "none")["index.html.br"].content_type == "application/x-brotli"


@pytest.mark.parametrize(
    ("key", "ctype", "cache"),
    [
        ("index.html", "text/html; charset=utf-8", SHORT),
        ("status.json", "application/json; charset=utf-8", SHORT),
        ("warnings/feed.xml", "application/atom+xml; charset=utf-8", SHORT),
        ("warnings/2026-001/cap.xml", "application/xml; charset=utf-8", SHORT),
        ("rankings/2025-W01.csv", "text/csv; charset=utf-8", SHORT),
        ("assets/stylesheets/main.57a0d79d.min.css", "text/css; charset=utf-8", YEAR),
        ("assets/javascripts/bundle.a5f9d56c.min.js", "text/javascript; charset=utf-8", YEAR),
        ("assets/site.css", "text/css; charset=utf-8", SHORT),
        ("charts/x/chart.png", "image/png", HOUR),
        ("areas/haizhou/qr.svg", "image/svg+xml; charset=utf-8", HOUR),
        ("sitemap.xml.gz", "application/gzip", HOUR),
    ],
)  # fmt: skip
def test_each_kind_of_file_gets_its_type_and_caching(key, ctype, cache):
    assert (content_type(key), cache_control(key)) == (ctype, cache)


def test_an_unreadable_manifest_is_no_manifest():
    assert decode_manifest(encode_manifest({"a": "1"})) == {"a": "1"}
    for bad in (None, b"", b"{", b"[]", b'{"version": 2, "objects": {}}', b"\xff"):
        assert decode_manifest(bad) == {}


def test_the_build_configuration_takes_its_address_from_the_site_configuration(tmp_path):
    base = mkdocs_config.SiteSources(settings={"site_url": "https://old.example/"}, pages=tmp_path,
                                     theme_overrides=None, site_dir=tmp_path / "site")  # fmt: skip
    meta = {"site_url": "https://air.example.cn/"}
    assert (
        mkdocs_config.build_settings(base, tmp_path, meta, tmp_path)["site_url"] == "https://air.example.cn/"
    )
