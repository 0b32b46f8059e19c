"""Editors' files are checked before any data is loaded. The editors' check refuses a bad notice,
forecast, dust-day list, dust-fall file, disclosure file or provincial CSV at once, naming its file,
row and field. A build stops there, before reading the monitoring data, for what would stop it
anyway (a notice with no last good version, dust fall, a provincial CSV); a bad forecast, dust-day
or disclosure file is refused alone by its page and never holds back a warning (issue 28)."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

import generator.build
from generator.cli import main
from generator.errors import InputError
from generator.preflight import check_registers, check_registers_for_build
from tests.conftest import ROOT, SAMPLE_DATA, TEST_EPOCH

REGISTERS = ("warnings", "forecasts", "dustdays", "dustfall", "enterprises")
YELLOW = (SAMPLE_DATA / "warnings" / "2026-001.yaml").read_text(encoding="utf-8")


@pytest.fixture
def registers_only(tmp_path):
    """The sample's registers and dataset file, without a single observation."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(SAMPLE_DATA / "dataset.toml", data / "dataset.toml")
    for name in REGISTERS:
        shutil.copytree(SAMPLE_DATA / name, data / name)
    return data


@pytest.fixture
def no_dataset(monkeypatch):
    """The build's dataset loader replaced by one that fails the test if it is ever called."""
    calls = []

    def refuse(*args, **kwargs):
        calls.append(args)
        raise AssertionError("the monitoring data was loaded before the editors' files were checked")

    monkeypatch.setattr(generator.build, "load_dataset", refuse)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TEST_EPOCH)
    return calls


def build(data, tmp_path):
    return CliRunner().invoke(
        main,
        ["build", "--data", str(data), "--out", str(tmp_path / "site"), "--build-dir", str(tmp_path / "b")],
    )


def test_a_notice_with_an_unknown_level_is_refused_naming_file_and_field_before_any_data_is_read(
    registers_only, no_dataset, tmp_path
):
    bad = registers_only / "warnings" / "2026-001.yaml"
    bad.write_text(YELLOW.replace("level: 黄色", "level: 紫色"), encoding="utf-8")
    result = build(registers_only, tmp_path)
    assert result.exit_code == 2, result.output
    assert "2026-001.yaml" in result.output and "level" in result.output and "紫色" in result.output
    assert "Traceback" not in result.output
    assert no_dataset == []
    assert not (tmp_path / "site").exists()


def test_a_notice_cut_mid_line_is_refused_with_its_row(registers_only, no_dataset, tmp_path):
    bad = registers_only / "warnings" / "2026-001.yaml"
    bad.write_text(YELLOW.replace("areas: 全市", 'areas: "全市'), encoding="utf-8")
    with pytest.raises(InputError) as refused:
        check_registers(registers_only, load_sample_config(), at=epoch_time())
    assert refused.value.path.endswith("2026-001.yaml") and refused.value.row is not None
    # The YAML line of the open quote, or after it: never before the line that broke.
    assert refused.value.row >= YELLOW.split("\n").index("areas: 全市") + 1
    assert build(registers_only, tmp_path).exit_code == 2 and no_dataset == []


FORECAST = (SAMPLE_DATA / "forecasts" / "2026-01-09.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "rel, text, row, field, stops_the_build",
    [
        ("forecasts/2026-01-09.yaml", FORECAST.replace("aqi_min: 70", "aqi_min: 很多"), None, None, False),
        ("dustdays/2025.csv", "date,area,document,note\n2025-13-40,全市,通报,\n", 2, "date", False),
        (
            "dustfall/dustfall.csv",
            "area,month,value_t_per_km2_month,points\n海州区,2025-01,很多,4\n",
            2,
            "value_t_per_km2_month",
            True,
        ),
        (
            "provincial/donghai.csv",
            "station,time,pollutant,value\nDH01,2026-01-01 00:00,pm25,很多\n",
            2,
            "value",
            True,
        ),
        # no header the reader knows
        ("enterprises/新文件.csv", "名称,其他\n甲,乙\n", None, None, False),
    ],
)
def test_every_other_register_is_checked_before_the_data(
    registers_only, no_dataset, tmp_path, rel, text, row, field, stops_the_build
):
    path = registers_only / rel
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as refused:
        check_registers(registers_only, load_sample_config(), at=epoch_time())
    assert refused.value.path.endswith(path.name)
    if row is not None:  # a file-wide fault (no header, a YAML value) names no one row
        assert (refused.value.row, refused.value.field) == (row, field)
    if stops_the_build:
        result = build(registers_only, tmp_path)
        assert result.exit_code == 2 and path.name in result.output, result.output
    else:  # refused alone later by its page (tests/test_hostile_build.py); the build's check goes on
        check_registers_for_build(
            registers_only, load_sample_config(), at=epoch_time(), scratch=tmp_path / "last-good"
        )
    assert no_dataset == []


def test_a_bad_notice_with_a_last_good_version_does_not_stop_the_build_check(registers_only, tmp_path):
    """Issue 28: the last committed good version stands in; only a notice with none stops the build."""
    import subprocess

    def git(*args):
        identity = ["-c", "user.name=编辑", "-c", "user.email=editor@example.invalid"]
        subprocess.run(["git", "-C", str(registers_only), *identity, *args], check=True, capture_output=True)

    git("init", "--quiet")
    git("add", "-A")
    git("commit", "--quiet", "-m", "登记册")
    bad = registers_only / "warnings" / "2026-001.yaml"
    bad.write_text(YELLOW.replace("level: 黄色", "level: 紫色"), encoding="utf-8")
    git("commit", "--quiet", "-am", "笔误")
    check_registers_for_build(registers_only, load_sample_config(), at=epoch_time(), scratch=tmp_path / "lg")
    with pytest.raises(InputError):  # the editors' check still refuses it
        check_registers(registers_only, load_sample_config(), at=epoch_time())


def test_the_sample_registers_pass_the_check(registers_only):
    check_registers(registers_only, load_sample_config(), at=epoch_time())


def load_sample_config():
    from generator.config import load_config

    return load_config(ROOT / "data" / "site.toml")


def epoch_time():
    from datetime import UTC, datetime

    return datetime.fromtimestamp(int(TEST_EPOCH), UTC)
