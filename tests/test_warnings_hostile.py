"""The warning register against careless and hostile files: YAML tricks, oversized and invisible text,
file names, ids that take another page's address, notices not yet due, titles that contradict the notice.

Each case names the file and field in a clear error (never a traceback), or publishes exactly what the
editor wrote.
"""

from __future__ import annotations

import time
import tracemalloc
import unicodedata
from datetime import datetime
from types import SimpleNamespace

import pytest
import yaml

from generator.config import load_config
from generator.errors import InputError
from generator.pages.shared.notice_addresses import check_notice_urls, report_held_back, taken_urls
from generator.site.output import OutputTree
from generator.sources.registers.notice_yaml import _CONTROL
from generator.sources.registers.warnings import load_register
from generator.sources.shared.limits import limit
from tests.conftest import ROOT, SAMPLE_DATA
from tests.test_warnings_register import LIFT, WARNING, error_of, write


@pytest.fixture(scope="module")
def config():
    return load_config(ROOT / "data" / "site.toml")


# The first notice of the sample chain, as an editor writes it (times and dates unquoted).
YELLOW = (SAMPLE_DATA / "warnings" / "2026-001.yaml").read_text(encoding="utf-8")


def with_line(field: str, line: str, text: str = YELLOW) -> str:
    """The sample notice with the line of `field` replaced by `line` (which may be several lines)."""
    return "\n".join(line if old.startswith(f"{field}:") else old for old in text.split("\n"))


def write_text(folder, name: str, text: str):
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def bounded(action, *, seconds: float, megabytes: int):
    """Run `action`, asserting it ends within `seconds` and peaks under `megabytes` of Python memory."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        return action()
    finally:
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert elapsed < seconds, f"took {elapsed:.1f} s"
        assert peak < megabytes * 2**20, f"peaked at {peak / 2**20:.0f} MB"


# --- 1. YAML: no aliases, no duplicate keys, no YAML 1.1 number forms ---------------------------------


def test_an_alias_bomb_is_refused_at_once_in_bounded_memory(tmp_path, config):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
    bomb = with_line("level", "\n".join(lines) + "\nlevel: *i")
    assert len(bomb.encode()) < 3000  # 9**9 (387 million) strings once expanded
    path = write_text(tmp_path, "2026-001.yaml", bomb)
    err = bounded(lambda: error_of(tmp_path, config), seconds=2, megabytes=20)
    assert err.path == str(path) and err.row is not None
    assert "锚点或别名" in err.detail


def test_an_anchor_alone_is_refused_too(tmp_path, config):
    write_text(tmp_path, "2026-001.yaml", with_line("areas", "areas: &everywhere 全市"))
    assert "锚点或别名" in error_of(tmp_path, config).detail


def test_a_key_written_twice_is_refused_not_overwritten(tmp_path, config):
    # Published as yellow under "升级为橙色" while PyYAML kept the last key silently.
    twice = with_line(
        "title", "title: 连云港市重污染天气预警升级为橙色", with_line("level", "level: 红色\nlevel: 黄色")
    )
    path = write_text(tmp_path, "2026-001.yaml", twice)
    err = error_of(tmp_path, config)
    assert (err.path, err.field) == (str(path), "level")
    assert "写了两次" in err.detail and err.row == YELLOW.splitlines().index("level: 黄色") + 2


def test_yaml_1_1_number_forms_stay_the_text_written(tmp_path, config):
    text = with_line("document_number", "document_number: 0123") + "description: 12:30\n"
    write_text(tmp_path, "2026-001.yaml", with_line("cause", "cause: yes", text))
    (notice,) = load_register(tmp_path, config).notices
    assert notice.document_number == "0123"  # not 83 (YAML 1.1 octal)
    assert notice.description == "12:30"  # not 750 (YAML 1.1 base 60)
    assert notice.cause == "yes"  # not True (YAML 1.1 boolean)
    assert notice.issued_at == datetime.fromisoformat("2026-01-11T16:00:00+08:00")


def test_a_word_yaml_1_1_took_for_a_boolean_stays_a_word(tmp_path, config):
    write_text(tmp_path, "2026-001.yaml", YELLOW + "description: off\n")
    assert load_register(tmp_path, config).notices[0].description == "off"


def test_explicit_tags_are_refused(tmp_path, config):
    write_text(tmp_path, "2026-001.yaml", YELLOW + "description: !!int 0o17\n")
    assert "标签" in error_of(tmp_path, config).detail


def test_a_decimal_for_a_text_field_asks_for_quotes(tmp_path, config):
    # 1.50 would be published as "1.5": the editor is asked to quote it instead.
    write_text(tmp_path, "2026-001.yaml", with_line("document_number", "document_number: 1.50"))
    err = error_of(tmp_path, config)
    assert err.field == "document_number" and "引号" in err.detail


# --- 1. Size, length and invisible characters --------------------------------------------------------


def test_a_60_mb_notice_is_refused_quickly_in_bounded_memory(tmp_path, config):
    path = tmp_path / "2026-001.yaml"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(YELLOW + "description: ")
        for _ in range(60):
            handle.write("很" * (2**20 // 3))
    err = bounded(lambda: error_of(tmp_path, config), seconds=2, megabytes=5)
    assert err.path == str(path) and f"{limit('warning_file_bytes') // 1024} KB" in err.detail


def test_an_overlong_field_is_refused_naming_it(tmp_path, config):
    write_text(
        tmp_path, "2026-001.yaml", YELLOW + f"description: {'长' * (limit('warning_text_chars') + 1)}\n"
    )
    err = error_of(tmp_path, config)
    assert err.field == "description" and "上限" in err.detail


def test_a_control_character_typed_into_the_file_names_its_line_and_field(tmp_path, config):
    path = write_text(tmp_path, "2026-001.yaml", YELLOW.replace("首要污染物", "首要\x0b污染物"))
    err = error_of(tmp_path, config)
    assert (err.path, err.field) == (str(path), "cause")
    assert "U+000B" in err.detail and err.row == next(
        i for i, line in enumerate(YELLOW.split("\n"), start=1) if line.startswith("cause:")
    )


@pytest.mark.parametrize("escape,code", [("\\v", "U+000B"), ("\\x1b[31m", "U+001B"), ("\\ud800", "U+D800")])
def test_a_control_character_written_as_an_escape_is_refused_naming_the_field(tmp_path, config, escape, code):
    measure = "  - 施工工地停止土石方作业、拆除作业和建筑垃圾运输，道路增加保洁频次。"
    written = f'  - "施工工地{escape}停止土石方作业"'
    write_text(tmp_path, "2026-001.yaml", YELLOW.replace(measure, written))
    err = error_of(tmp_path, config)
    assert err.field == "measures[2]" and code in err.detail


def test_the_control_pattern_refuses_exactly_the_control_and_surrogate_characters():
    # Tab and line feed are text; every other character of the categories Cc (controls) and Cs
    # (lone surrogates) is refused, and nothing else.
    for code in range(0x110000):
        character = chr(code)
        refused = character not in "\t\n" and unicodedata.category(character) in {"Cc", "Cs"}
        assert bool(_CONTROL.fullmatch(character)) == refused, f"U+{code:04X}"


def test_tabs_and_line_breaks_are_text(tmp_path, config):
    write_text(tmp_path, "2026-001.yaml", YELLOW + 'description: "第一段\\n第二段\\t完"\n')
    assert load_register(tmp_path, config).notices[0].description == "第一段\n第二段\t完"


# --- 2. File names and ids ---------------------------------------------------------------------------


def test_a_notice_file_is_read_whatever_the_case_of_its_suffix(tmp_path, config):
    write(tmp_path, WARNING | {"id": "2026-004"}, name="2026-004.YAML")
    write(tmp_path, WARNING | {"id": "2026-005", "document_number": "5"}, name="2026-005.Yml")
    assert [n.id for n in load_register(tmp_path, config)] == ["2026-004", "2026-005"]


def build_context(tmp_path) -> SimpleNamespace:
    out = OutputTree(tmp_path / "generated")
    out.reset()
    return SimpleNamespace(out=out)


def test_a_notice_cannot_take_the_address_of_a_hand_written_page(tmp_path, config):
    path = write(tmp_path / "warnings", WARNING | {"id": "emergency-plan"})
    register = load_register(tmp_path / "warnings", config)
    with pytest.raises(InputError) as info:
        check_notice_urls(register, taken_urls(build_context(tmp_path)))
    err = info.value
    assert (err.path, err.field) == (str(path), "id")
    assert "site_src/warnings/emergency-plan.md" in err.detail and "/warnings/emergency-plan/" in err.detail


def test_a_notice_cannot_take_the_address_of_a_generated_page(tmp_path, config):
    ctx = build_context(tmp_path)
    ctx.out.write_text("warnings/2026-010/data/index.md", "generated")
    write(tmp_path / "warnings", WARNING)
    with pytest.raises(InputError) as info:
        check_notice_urls(load_register(tmp_path / "warnings", config), taken_urls(ctx))
    assert "生成的页面 warnings/2026-010/data/index.md" in info.value.detail


def test_the_sample_notices_take_no_other_page_s_address(tmp_path, config):
    check_notice_urls(load_register(SAMPLE_DATA / "warnings", config), taken_urls(build_context(tmp_path)))


# --- 3. Notices not yet due --------------------------------------------------------------------------


def test_a_notice_issued_after_the_build_time_is_held_back_until_due(tmp_path, config, capsys):
    write(tmp_path, WARNING)
    write(tmp_path, LIFT)
    before_lift = datetime.fromisoformat("2026-02-03T09:59:00+08:00")
    register = load_register(tmp_path, config, at=before_lift)
    assert [n.id for n in register] == ["2026-010"]
    assert [n.id for n in register.held_back] == ["2026-011"]
    assert register.is_active(register.notices[0], before_lift)  # not ended by a lift nobody has seen
    report_held_back(register, before_lift)
    log = capsys.readouterr().err
    assert "2026-011" in log and "2026-02-03 10:00" in log and "暂不公开" in log
    # The first build at or after its issue time publishes it.
    later = load_register(tmp_path, config, at=datetime.fromisoformat("2026-02-03T10:00:00+08:00"))
    assert [n.id for n in later] == ["2026-010", "2026-011"] and later.held_back == []


def test_the_build_publishes_only_the_notices_issued_by_its_build_time(tmp_path, capsys):
    from generator.pages.warnings import builder as page
    from tests.test_warnings_pages import make_ctx

    ctx = make_ctx(tmp_path, SAMPLE_DATA, "2026-01-12T08:00:00+08:00")  # the upgrade is issued on the 13th
    page.build(ctx)
    assert [f for f in ctx.out.files() if f.endswith("index.md")] == [
        "warnings/2026-001/index.md",
        "warnings/index.md",
    ]
    assert "2026-002" not in ctx.out.path("warnings/feed.xml").read_text(encoding="utf-8")
    log = capsys.readouterr().err
    assert "预警通知 2026-002" in log and "2026-01-13 10:00" in log and "预警通知 2026-003" in log
    later = make_ctx(tmp_path / "later", SAMPLE_DATA, "2026-01-13T10:00:00+08:00")
    page.build(later)
    assert "warnings/2026-002/index.md" in later.out.files()


def test_a_held_back_notice_is_still_checked(tmp_path, config):
    write(tmp_path, WARNING | {"level": "紫色"})
    with pytest.raises(InputError):
        load_register(tmp_path, config, at=datetime.fromisoformat("2026-01-01T00:00:00+08:00"))


# --- 4. Title against level and kind -----------------------------------------------------------------

UPGRADE = WARNING | {
    "id": "2026-012",
    "level": "橙色",
    "supersedes": "2026-010",
    "document_number": "12",
    "issued_at": datetime.fromisoformat("2026-02-02T10:00:00+08:00"),
    "effective_from": datetime.fromisoformat("2026-02-02T12:00:00+08:00"),
}

GOOD_TITLES = [
    pytest.param(WARNING, "连云港市发布重污染天气黄色预警", id="first issue"),
    pytest.param(UPGRADE, "连云港市重污染天气黄色预警升级为橙色预警", id="upgrade naming both levels"),
    pytest.param(UPGRADE, "关于升级重污染天气预警的通知", id="upgrade naming no level"),
]
BAD_TITLES = [
    pytest.param(WARNING, "连云港市发布重污染天气橙色预警", "橙色", id="orange title on a yellow warning"),
    pytest.param(WARNING, "连云港市重污染天气预警升级为橙色", "升级", id="upgrade title on a first issue"),
    pytest.param(WARNING, "连云港市解除重污染天气黄色预警", "解除", id="lift title on a warning"),
    pytest.param(UPGRADE, "连云港市重污染天气预警降级为黄色", "降级", id="downgrade title on an upgrade"),
    pytest.param(
        UPGRADE, "连云港市重污染天气橙色预警升级为红色预警", "红色", id="upgrade to the wrong level"
    ),
    pytest.param(UPGRADE, "连云港市重污染天气黄色预警", "黄色", id="upgrade titled with the old level only"),
]


@pytest.mark.parametrize("notice,title", GOOD_TITLES)
def test_a_title_agreeing_with_level_and_kind_is_published(tmp_path, config, notice, title):
    write(tmp_path, WARNING)
    write(tmp_path, notice | {"title": title})
    register = load_register(tmp_path, config)
    assert register.by_id[notice["id"]].title == title


@pytest.mark.parametrize("notice,title,word", BAD_TITLES)
def test_a_title_contradicting_level_or_kind_is_refused(tmp_path, config, notice, title, word):
    if notice is not WARNING:
        write(tmp_path, WARNING)  # the warning it upgrades
    path = write(tmp_path, notice | {"title": title})
    err = error_of(tmp_path, config)
    assert (err.path, err.field) == (str(path), "title")
    assert word in err.detail


def test_a_lift_title_must_say_it_lifts(tmp_path, config):
    write(tmp_path, WARNING)
    path = write(tmp_path, LIFT | {"title": "连云港市发布重污染天气黄色预警"})
    err = error_of(tmp_path, config)
    assert (err.path, err.field) == (str(path), "title") and "解除" in err.detail


def test_a_lift_title_names_the_level_it_lifts(tmp_path, config):
    write(tmp_path, WARNING)
    path = write(tmp_path, LIFT | {"title": "连云港市解除重污染天气红色预警"})
    err = error_of(tmp_path, config)
    assert (err.path, err.field) == (str(path), "title") and "红色" in err.detail
    write(tmp_path, LIFT | {"title": "连云港市解除重污染天气黄色预警"})
    assert load_register(tmp_path, config).by_id["2026-011"].title == "连云港市解除重污染天气黄色预警"


def test_the_sample_titles_agree_with_their_notices(config):
    register = load_register(SAMPLE_DATA / "warnings", config)
    assert any(n.title for n in register)


def test_yaml_safe_dump_of_a_notice_reads_back(tmp_path, config):
    # The test helpers write notices with yaml.safe_dump: make sure that form stays readable.
    path = tmp_path / "2026-010.yaml"
    path.write_text(yaml.safe_dump(WARNING, allow_unicode=True), encoding="utf-8")
    assert load_register(tmp_path, config).notices[0].issued_at == WARNING["issued_at"]
