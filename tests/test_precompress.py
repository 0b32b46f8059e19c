"""The built site's text files also exist precompressed (.gz, .br), byte for byte the same on every
build, and the bench's local host serves them as a static host with precompressed files does."""

from __future__ import annotations

import gzip
import urllib.request

import brotli
import pytest

from generator.bench.static_host import StaticHost, accepted
from generator.site.precompress import compress_site, gzip_bytes

PAGE = ("<!DOCTYPE html><html lang='zh-CN'><body>" + "<p>连云港市空气质量 AQI 52 良</p>" * 40).encode()


def small_site(root):
    (root / "areas" / "donghai").mkdir(parents=True)
    (root / "areas" / "donghai" / "index.html").write_bytes(PAGE)
    (root / "data.csv").write_bytes(("日期,AQI\n" + "2026-11-22,52\n" * 50).encode("utf-8-sig"))
    (root / "chart.svg").write_bytes(
        b"<svg xmlns='http://www.w3.org/2000/svg'>" + b"<rect/>" * 100 + b"</svg>"
    )
    (root / "feed.atom").write_bytes(b"<feed>" + b"<entry/>" * 100 + b"</feed>")
    (root / "chart.png").write_bytes(b"\x89PNG" + bytes(1000))  # compressed already
    (root / "tiny.js").write_bytes(b"var a=1;")  # smaller than the headers a copy would need
    return root


def test_gzip_copies_carry_no_time_stamp_and_decompress_to_the_file():
    data = gzip_bytes(PAGE)
    assert data[4:8] == b"\0\0\0\0"  # MTIME
    assert data[3] & 0x08 == 0  # no FNAME
    assert gzip.decompress(data) == PAGE
    assert gzip_bytes(PAGE) == data


def test_text_files_get_both_copies_and_other_files_none(tmp_path):
    site = small_site(tmp_path / "site")
    assert compress_site(site) == 4
    for name in ("areas/donghai/index.html", "data.csv", "chart.svg", "feed.atom"):
        original = (site / name).read_bytes()
        assert gzip.decompress((site / f"{name}.gz").read_bytes()) == original
        assert brotli.decompress((site / f"{name}.br").read_bytes()) == original
        assert len((site / f"{name}.br").read_bytes()) < len(original)
    assert not (site / "chart.png.gz").exists() and not (site / "tiny.js.br").exists()


def test_the_same_site_gives_the_same_bytes_with_or_without_the_cache(tmp_path):
    first, second = small_site(tmp_path / "a"), small_site(tmp_path / "b")
    cache = tmp_path / "cache"
    compress_site(first)
    compress_site(second, cache)
    compress_site(small_site(tmp_path / "c"), cache)  # every copy from the cache this time
    for name in ("areas/donghai/index.html.br", "data.csv.gz", "feed.atom.br"):
        assert (
            (first / name).read_bytes()
            == (second / name).read_bytes()
            == (tmp_path / "c" / name).read_bytes()
        )


def test_cache_entries_of_files_that_changed_are_removed(tmp_path):
    site, cache = small_site(tmp_path / "site"), tmp_path / "cache"
    compress_site(site, cache)
    before = {p for p in cache.rglob("*") if p.is_file()}
    (site / "data.csv").write_bytes(("日期,AQI\n" + "2026-11-23,80\n" * 50).encode("utf-8-sig"))
    compress_site(site, cache)
    after = {p for p in cache.rglob("*") if p.is_file()}
    assert len(before) == len(after) == 8 and len(before & after) == 6
    # The site's copies hold the new file, whatever the cache removed.
    assert gzip.decompress((site / "data.csv.gz").read_bytes()) == (site / "data.csv").read_bytes()
    assert brotli.decompress((site / "data.csv.br").read_bytes()) == (site / "data.csv").read_bytes()


@pytest.mark.parametrize(
    ("header", "codings"),
    [
        ("gzip, deflate, br, zstd", {"gzip", "deflate", "br", "zstd"}),
        ("br;q=0, gzip;q=0.8", {"gzip"}),
        ("", set()),
        ("identity", {"identity"}),
    ],
)
def test_accept_encoding_is_read_with_its_weights(header, codings):
    assert accepted(header) == codings


@pytest.mark.parametrize(("accept", "coding"), [("gzip, deflate, br", "br"), ("gzip", "gzip"), (None, None)])
def test_the_local_host_serves_the_copy_the_browser_accepts(tmp_path, accept, coding):
    site = small_site(tmp_path / "site")
    compress_site(site)
    with StaticHost(site) as host:
        request = urllib.request.Request(host.url + "areas/donghai/")
        if accept:
            request.add_header("Accept-Encoding", accept)
        with urllib.request.urlopen(request) as response:
            body = response.read()
            assert response.headers.get("Content-Encoding") == coding
            assert response.headers["Content-Type"].startswith("text/html")
            assert response.headers["Vary"] == "Accept-Encoding"
    decoded = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[coding](body)
    assert decoded == PAGE
