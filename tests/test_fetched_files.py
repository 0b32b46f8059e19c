"""Warning notices and disclosure files listed in [[sources.files]] reach the site through fetch.

An editor can publish from another system: `fetch` pulls the files into the snapshot store
(data/raw/files/<kind>/), and the build reads them beside the files committed to data/.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pytest_httpserver import HTTPServer

from generator.config import load_config
from generator.enterprises.importer import load_folder
from generator.sources.registers.warnings import load_register
from generator.sources.snapshots.fetch import FetchSettings, run_fetch

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
NOTICE = (SAMPLE / "warnings" / "2026-001.yaml").read_bytes()
DISCLOSURE = (SAMPLE / "enterprises" / "2025-2026-self-monitoring-en.csv").read_bytes()


def test_fetched_notices_and_disclosure_files_are_read_by_the_build(httpserver: HTTPServer, tmp_path):
    httpserver.expect_request("/register/2026-001.yaml").respond_with_data(NOTICE)
    httpserver.expect_request("/disclosure/units.csv").respond_with_data(DISCLOSURE)
    httpserver.expect_request("/archive/china_sites_20261101.csv").respond_with_data("", status=404)
    config = load_config(ROOT / "data" / "site.toml")
    files = [
        {"url": httpserver.url_for("/register/2026-001.yaml"), "kind": "warning_register"},
        {"url": httpserver.url_for("/disclosure/units.csv"), "kind": "enterprise_disclosure"},
    ]
    settings = FetchSettings(
        base_url=httpserver.url_for("/archive/"), timeout=2, retries=0, parallel=2, backoff=0.01
    )
    data = tmp_path / "data"
    day = date(2026, 11, 1)  # not published upstream: "not yet", not a failure
    summary = run_fetch(data, settings, first=day, last=day, files=files)
    assert not summary.failed, summary

    register = load_register([data / "warnings", data / "raw" / "files" / "warning_register"], config)
    assert [n.id for n in register.notices] == ["2026-001"]

    enterprises = load_folder(data, config)
    assert [f.file for f in enterprises.files] == ["raw/files/enterprise_disclosure/units.csv"]
    assert len(enterprises.records) > 0 and enterprises.files[0].rejected == 0
