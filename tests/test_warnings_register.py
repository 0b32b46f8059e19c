"""The warning register: what an editor may write in data/warnings/, and the message each mistake gets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
import yaml

from generator.config import load_config
from generator.errors import InputError
from generator.sources.registers.notice_yaml import read_yaml
from generator.sources.registers.warnings import load_register
from tests.conftest import ROOT, SAMPLE_DATA

BJ = timezone(timedelta(hours=8))


@pytest.fixture(scope="module")
def config():
    return load_config(ROOT / "data" / "site.toml")


def t(text: str) -> datetime:
    return datetime.fromisoformat(text)


WARNING = {
    "id": "2026-010",
    "level": "黄色",
    "issued_at": t("2026-02-01T16:00:00+08:00"),
    "effective_from": t("2026-02-02T00:00:00+08:00"),
    "expected_end": t("2026-02-04T00:00:00+08:00"),
    "areas": ["海州区", "lianyun"],
    "cause": "PM2.5 累积",
    "forecast_aqi": [{"date": "2026-02-02", "aqi": 210}, {"date": "2026-02-03", "aqi": 190}],
    "measures": ["工地停止土石方作业"],
    "document_number": "连重污应急〔2026〕10号",
}
LIFT = {
    "id": "2026-011",
    "level": "解除",
    "issued_at": t("2026-02-03T10:00:00+08:00"),
    "lifted_at": t("2026-02-03T12:00:00+08:00"),
    "areas": "全市",
    "supersedes": "2026-010",
    "document_number": "连重污应急〔2026〕11号",
}


def write(folder, notice: dict, name: str | None = None):
    folder.mkdir(exist_ok=True)
    path = folder / (name or f"{notice['id']}.yaml")
    path.write_text(yaml.safe_dump(notice, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def error_of(folder, config) -> InputError:
    with pytest.raises(InputError) as info:
        load_register(folder, config)
    return info.value


def test_the_sample_chain_is_a_yellow_warning_upgraded_to_orange_then_lifted(config):
    register = load_register(SAMPLE_DATA / "warnings", config)
    yellow, orange, lift = register.notices
    assert [register.kind(n) for n in register] == ["发布", "升级", "解除"]
    assert (yellow.level, orange.level, lift.level) == ("yellow", "orange", "lift")
    assert register.chain(yellow) == register.chain(lift) == [yellow, orange, lift]
    # An upgrade ends the warning it replaces when it takes effect; a lift ends the last one.
    assert register.end(yellow) == orange.effective_from
    assert register.end(orange) == lift.lifted_at
    assert register.ended_by(yellow) is orange and register.ended_by(orange) is lift


def test_defaults_come_from_the_configuration(tmp_path, config):
    write(tmp_path, WARNING)
    (notice,) = load_register(tmp_path, config).notices
    assert dict(notice.reduction_ratio) == {"SO2": 0.3, "NOx": 0.3, "PM": 0.3, "VOCs": 0.3}
    assert notice.authority == config.warnings["authority"]
    assert [a.slug for a in notice.areas] == ["haizhou", "lianyun"]  # names and slugs both work
    assert notice.issued_at.utcoffset() == timedelta(hours=8)


def test_whole_city_means_every_configured_area(tmp_path, config):
    write(tmp_path, WARNING | {"areas": "全市"})
    (notice,) = load_register(tmp_path, config).notices
    assert notice.whole_city and notice.areas == config.areas


def test_a_notice_may_set_its_own_ratios_per_pollutant(tmp_path, config):
    write(tmp_path, WARNING | {"reduction_ratio": {"SO2": 0.35, "VOCs": 0.4}})
    (notice,) = load_register(tmp_path, config).notices
    assert notice.reduction_ratio == (("SO2", 0.35), ("VOCs", 0.4))


def test_english_level_keys_are_accepted(tmp_path, config):
    write(tmp_path, WARNING | {"level": "orange"})
    assert load_register(tmp_path, config).notices[0].level == "orange"


def test_no_register_folder_means_no_notices(tmp_path, config):
    assert len(load_register(tmp_path / "absent", config)) == 0


def test_the_editors_readme_is_not_read_as_a_notice(config):
    assert len(load_register(ROOT / "data" / "warnings", config)) == 0


def test_active_means_started_and_neither_ended_nor_replaced(config):
    register = load_register(SAMPLE_DATA / "warnings", config)
    yellow, orange, lift = register.notices
    at = lambda s: t(s)  # noqa: E731
    assert register.active(at("2026-01-11T23:59:59+08:00")) == []  # issued, not yet in force
    assert register.active(at("2026-01-12T00:00:00+08:00")) == [yellow]  # starts
    assert register.active(at("2026-01-13T11:59:59+08:00")) == [yellow]  # orange issued, not yet in force
    assert register.active(at("2026-01-13T12:00:00+08:00")) == [orange]  # the upgrade replaces it
    assert register.active(at("2026-01-16T11:59:59+08:00")) == [orange]
    assert register.active(at("2026-01-16T12:00:00+08:00")) == []  # lifted
    assert not register.is_active(lift, at("2026-01-16T13:00:00+08:00"))  # a lift is never "active"


# Each broken notice: what is changed in the valid warning, the field named, words of the message.
BROKEN_WARNINGS = [
    pytest.param({"level": "紫色"}, "level", "未知的预警级别", id="wrong level"),
    pytest.param({"level": None}, "level", "缺少必填字段", id="missing level"),
    pytest.param({"document_number": None}, "document_number", "缺少必填字段", id="missing document number"),
    pytest.param({"measures": []}, "measures", "缺少必填字段", id="missing measures"),
    pytest.param({"forecast_aqi": None}, "forecast_aqi", "缺少必填字段", id="missing forecast"),
    pytest.param({"lvl": "黄色"}, "lvl", "未知字段", id="unknown key"),
    pytest.param(
        {"lifted_at": t("2026-02-03T00:00:00+08:00")}, "lifted_at", "level: 解除", id="lifted_at on a warning"
    ),
    pytest.param({"issued_at": datetime(2026, 2, 1, 16)}, "issued_at", "缺少时区", id="time without zone"),
    pytest.param({"issued_at": datetime(2026, 2, 1, 8, tzinfo=UTC)}, "issued_at", "+08:00", id="time in UTC"),
    pytest.param({"issued_at": "2026-02-01T16:00:00+09:00"}, "issued_at", "不是北京时间", id="zone in text"),
    pytest.param({"effective_from": "2026-02-02"}, "effective_from", "不是日期时间", id="date without time"),
    pytest.param({"expected_end": "明天"}, "expected_end", "无法识别的时间", id="unreadable time"),
    pytest.param(
        {"effective_from": t("2026-02-01T15:00:00+08:00")},
        "effective_from",
        "早于发布时间",
        id="starts before issue",
    ),
    pytest.param(
        {"expected_end": t("2026-02-02T00:00:00+08:00")},
        "expected_end",
        "应晚于生效时间",
        id="ends before start",
    ),
    pytest.param({"areas": ["海州区", "花果山区"]}, "areas", "未知的县区“花果山区”", id="unknown area"),
    pytest.param({"areas": ["海州区", "haizhou"]}, "areas", "重复", id="area twice"),
    pytest.param({"areas": ["全市", "海州区"]}, "areas", "全市", id="whole city and a county"),
    pytest.param({"areas": {"海州区": 1}}, "areas", "列表", id="areas not a list"),
    pytest.param({"id": 2026010}, "id", "带引号", id="id as a number"),
    pytest.param({"id": "2026 010"}, "id", "小写字母", id="id with spaces"),
    pytest.param(
        {"forecast_aqi": [{"date": "2026-02-02", "aqi": 600}]},
        "forecast_aqi[1].aqi",
        "0–500",
        id="AQI above 500",
    ),
    pytest.param(
        {"forecast_aqi": [{"date": "2026-02-02", "aqi": 210.5}]},
        "forecast_aqi[1].aqi",
        "整数",
        id="AQI not whole",
    ),
    pytest.param(
        {"forecast_aqi": [{"date": "2026-02-02"}]}, "forecast_aqi[1]", "date", id="forecast day without AQI"
    ),
    pytest.param(
        {"forecast_aqi": [{"date": "2月2日", "aqi": 210}]},
        "forecast_aqi[1].date",
        "不是日期",
        id="forecast bad date",
    ),
    # Two equal dicts, not one dict twice: safe_dump would write the same object as an alias.
    pytest.param(
        {"forecast_aqi": [{"date": "2026-02-02", "aqi": 210}, {"date": "2026-02-02", "aqi": 210}]},
        "forecast_aqi",
        "两次",
        id="forecast day twice",
    ),
    pytest.param({"reduction_ratio": 30}, "reduction_ratio.SO2", "0 到 1", id="ratio as percent"),
    pytest.param(
        {"reduction_ratio": {"CO": 0.3}}, "reduction_ratio.CO", "未知污染物", id="ratio unknown pollutant"
    ),
    pytest.param({"measures": [{"a": 1}]}, "measures", "列表", id="measure not text"),
    pytest.param({"supersedes": "2026-010"}, "supersedes", "它自己", id="supersedes itself"),
]


@pytest.mark.parametrize("change,field,words", BROKEN_WARNINGS)
def test_a_broken_warning_names_its_file_and_field(tmp_path, config, change, field, words):
    notice = {k: v for k, v in (WARNING | change).items() if v is not None}
    path = write(tmp_path, notice, name="2026-010.yaml")
    err = error_of(tmp_path, config)
    assert err.path == str(path)
    assert err.field == field
    assert words in err.detail
    assert str(path) in str(err) and f"field '{field}'" in str(err)


def test_the_file_name_must_be_the_id(tmp_path, config):
    write(tmp_path, WARNING, name="黄色预警.yaml")
    err = error_of(tmp_path, config)
    assert (err.field, "2026-010.yaml" in err.detail) == ("id", True)


BROKEN_LIFTS = [
    pytest.param(
        {"expected_end": t("2026-02-04T00:00:00+08:00")},
        "expected_end",
        "解除通知不写",
        id="lift with an expected end",
    ),
    pytest.param({"measures": ["x"]}, "measures", "解除通知不写", id="lift with measures"),
    pytest.param({"lifted_at": None}, "lifted_at", "缺少必填字段", id="lift without lifted_at"),
    pytest.param({"supersedes": None}, "supersedes", "缺少必填字段", id="lift without supersedes"),
    pytest.param(
        {"lifted_at": t("2026-02-03T09:00:00+08:00")},
        "lifted_at",
        "早于本通知的发布时间",
        id="lift before its own issue",
    ),
    pytest.param(
        {"supersedes": "2026-999"}, "supersedes", "没有编号为“2026-999”", id="lift of an unknown notice"
    ),
    pytest.param(
        {"issued_at": t("2026-02-01T17:00:00+08:00"), "lifted_at": t("2026-02-01T18:00:00+08:00")},
        "lifted_at",
        "早于被替代的预警",
        id="lift before the warning starts",
    ),
    pytest.param(
        {"issued_at": t("2026-02-01T15:00:00+08:00")},
        "issued_at",
        "早于被替代",
        id="lift issued before the warning",
    ),
]


@pytest.mark.parametrize("change,field,words", BROKEN_LIFTS)
def test_a_broken_lift_names_its_file_and_field(tmp_path, config, change, field, words):
    write(tmp_path, WARNING)
    lift = {k: v for k, v in (LIFT | change).items() if v is not None}
    path = write(tmp_path, lift)
    err = error_of(tmp_path, config)
    assert (err.path, err.field) == (str(path), field)
    assert words in err.detail


def test_a_warning_is_replaced_only_once(tmp_path, config):
    write(tmp_path, WARNING)
    write(tmp_path, LIFT)
    second = write(tmp_path, LIFT | {"id": "2026-012", "document_number": "x"})
    err = error_of(tmp_path, config)
    assert (err.path, err.field) == (str(second), "supersedes")
    assert "已被 2026-011.yaml 替代" in err.detail


def test_a_lift_cannot_be_lifted(tmp_path, config):
    write(tmp_path, WARNING)
    write(tmp_path, LIFT)
    write(tmp_path, LIFT | {"id": "2026-012", "supersedes": "2026-011"})
    assert "是解除通知" in error_of(tmp_path, config).detail


def test_the_same_id_twice_is_refused(tmp_path, config):
    write(tmp_path, WARNING)
    write(tmp_path, WARNING, name="2026-010.yml")
    err = error_of(tmp_path, config)
    assert err.field == "id" and "重复" in err.detail


def test_notices_superseding_each_other_in_a_loop_are_refused(tmp_path, config):
    write(tmp_path, WARNING | {"id": "a", "supersedes": "b"})
    write(tmp_path, WARNING | {"id": "b", "supersedes": "a"})
    err = error_of(tmp_path, config)
    assert err.field == "supersedes" and "循环" in err.detail


@pytest.mark.parametrize(
    "text, line",
    [
        # A stray indent on line 3, with good lines after it: the line itself.
        ('id: "2026-010"\nlevel: 黄色\n  bad: indent\ntitle: 标题\nareas: 全市\n', 3),
        # A bracket opened on line 2 and never closed: the parser notices at the end of the file
        # (line 3, after the last line end), which is where it tells the editor to look.
        ('id: "2026-010"\nlevel: [黄色\n', 3),
    ],
)
def test_yaml_syntax_errors_give_the_line(tmp_path, config, text, line):
    (tmp_path / "2026-010.yaml").write_text(text, encoding="utf-8")
    err = error_of(tmp_path, config)
    assert err.row == line and "YAML" in err.detail
    assert f"row {line}" in str(err) and err.path.endswith("2026-010.yaml")


def test_a_file_that_is_not_a_mapping_is_refused(tmp_path, config):
    (tmp_path / "2026-010.yaml").write_text("- 黄色\n- 橙色\n", encoding="utf-8")
    assert "映射" in error_of(tmp_path, config).detail


@pytest.mark.parametrize("encoding", ["gbk", "utf-16"])
def test_a_notice_saved_as_gbk_or_utf16_is_read_as_written(tmp_path, encoding):
    # The one decoder of every editor file (generator/sources/shared/decoding.py), as for forecasts.
    path = tmp_path / "2026-010.yaml"
    path.write_bytes("level: 黄色\n".encode(encoding))
    assert read_yaml(path) == {"level": "黄色"}


def test_a_file_that_is_no_text_is_refused(tmp_path, config):
    (tmp_path / "2026-010.yaml").write_bytes(b"level: \x00\xff\n")
    assert "无法识别文件编码" in error_of(tmp_path, config).detail


def test_the_examples_in_the_editors_readme_are_valid_notices(tmp_path, config):
    import re

    text = (ROOT / "data" / "warnings" / "README.md").read_text(encoding="utf-8")
    examples = re.findall(r"```yaml\n(.*?)```", text, re.S)
    assert len(examples) == 2
    for example in examples:
        notice_id = yaml.safe_load(example)["id"]
        (tmp_path / f"{notice_id}.yaml").write_text(example, encoding="utf-8")
    # The lift in the README lifts the sample's orange warning, which upgraded the first example.
    (tmp_path / "2026-002.yaml").write_text(
        (SAMPLE_DATA / "warnings" / "2026-002.yaml").read_text("utf-8"), encoding="utf-8"
    )
    register = load_register(tmp_path, config)
    assert [register.kind(n) for n in register] == ["发布", "升级", "解除"]
