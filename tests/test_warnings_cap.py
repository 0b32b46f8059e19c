"""CAP 1.2 files: valid against the OASIS schema, and right on the rules a schema cannot check."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from generator.config import load_config
from generator.config.boundaries import CAP_MAX_POINTS, ring_area
from generator.errors import InputError
from generator.formats.warnings_cap import (
    CAP_MAPPING,
    CAP_NS,
    cap_problems,
    cap_xml,
    check_area_polygons,
    identifier,
    schema_errors,
)
from generator.sources.registers.warnings import Notice, Register, load_register
from tests.conftest import ROOT, SAMPLE_DATA

NS = {"cap": CAP_NS}


@pytest.fixture(scope="module")
def config():
    return load_config(ROOT / "data" / "site.toml")


@pytest.fixture(scope="module")
def register(config):
    return load_register(SAMPLE_DATA / "warnings", config)


def xml_of(notice, register, config, is_sample=False) -> bytes:
    return cap_xml(
        notice, register, config, page_url=f"https://example.org/warnings/{notice.id}/", is_sample=is_sample
    )


def test_every_sample_notice_validates_against_the_cap_schema_and_rules(register, config):
    for notice in register:
        xml = xml_of(notice, register, config, is_sample=True)
        assert schema_errors(xml) == [], notice.id
        assert cap_problems(xml) == [], notice.id


def test_the_schema_check_does_reject_a_broken_alert(register, config):
    xml = xml_of(register.notices[0], register, config).replace(
        b"<urgency>Future</urgency>", b"<urgency>Soon</urgency>"
    )
    assert schema_errors(xml)


def test_message_types_follow_the_chain(register, config):
    sender = config.warnings["cap_sender"]
    yellow, orange, lift = register.notices
    docs = {n.id: etree.fromstring(xml_of(n, register, config)) for n in register}
    msg_types = [docs[n.id].findtext("cap:msgType", namespaces=NS) for n in register]
    assert msg_types == ["Alert", "Update", "Cancel"]
    assert docs[yellow.id].find("cap:references", NS) is None
    assert (
        docs[orange.id].findtext("cap:references", namespaces=NS)
        == f"{sender},{identifier(yellow)},2026-01-11T16:00:00+08:00"
    )
    # A lift references every earlier message of the chain.
    assert docs[lift.id].findtext("cap:references", namespaces=NS).split() == [
        f"{sender},{identifier(yellow)},2026-01-11T16:00:00+08:00",
        f"{sender},{identifier(orange)},2026-01-13T10:00:00+08:00",
    ]


def test_header_and_info_blocks(register, config):
    orange = register.notices[1]
    root = etree.fromstring(xml_of(orange, register, config))
    assert root.findtext("cap:sender", namespaces=NS) == config.warnings["cap_sender"]
    assert root.findtext("cap:sent", namespaces=NS) == "2026-01-13T10:00:00+08:00"
    assert root.findtext("cap:status", namespaces=NS) == "Actual"
    assert root.findtext("cap:scope", namespaces=NS) == "Public"
    infos = root.findall("cap:info", NS)
    assert [i.findtext("cap:language", namespaces=NS) for i in infos] == ["zh-CN", "en-US"]
    for info in infos:
        assert info.findtext("cap:category", namespaces=NS) == "Env"
        assert (
            info.findtext("cap:urgency", namespaces=NS),
            info.findtext("cap:severity", namespaces=NS),
            info.findtext("cap:certainty", namespaces=NS),
        ) == CAP_MAPPING["orange"][:3]
        assert info.findtext("cap:effective", namespaces=NS) == "2026-01-13T12:00:00+08:00"
        # The upgrade ends when the lift takes effect, not at its expected end.
        assert info.findtext("cap:expires", namespaces=NS) == "2026-01-16T12:00:00+08:00"
        assert info.findtext("cap:web", namespaces=NS) == "https://example.org/warnings/2026-002/"
    zh, en = infos
    assert "橙色预警" in zh.findtext("cap:headline", namespaces=NS)
    assert "Orange" in en.findtext("cap:headline", namespaces=NS)
    assert "40%" in zh.findtext("cap:description", namespaces=NS)
    assert "港口" in zh.findtext("cap:instruction", namespaces=NS)


def test_areas_carry_the_real_boundaries_and_zones_their_configured_polygons(register, config):
    root = etree.fromstring(xml_of(register.notices[0], register, config))
    areas = root.find("cap:info", NS).findall("cap:area", NS)
    assert [a.findtext("cap:areaDesc", namespaces=NS) for a in areas] == [a.name for a in config.areas]
    polygons = {
        a.findtext("cap:areaDesc", namespaces=NS): a.findtext("cap:polygon", namespaces=NS).split()
        for a in areas
    }
    registry = {s.code: (s.lat, s.lon) for s in (*config.national_stations, *config.provincial_stations)}
    for name in ("连云区", "海州区", "赣榆区", "东海县", "灌云县", "灌南县"):
        pairs = polygons[name]
        # Closed, lat,lon, at most CAP_MAX_POINTS, and a real outline (not a 5-point rectangle).
        assert pairs[0] == pairs[-1] and 40 <= len(pairs) <= CAP_MAX_POINTS, name
        ring = np.array([[float(v) for v in p.split(",")][::-1] for p in pairs])  # lon, lat
        boundary = config.boundaries[name]
        # The outline keeps the county's size (within 3% of the full-resolution boundary's area)...
        km2 = abs(ring_area(ring)) * 110.57 * 111.32 * np.cos(np.radians(ring[:, 1].mean()))
        assert km2 == pytest.approx(boundary.source_area_km2, rel=0.03), name
        # ...and holds the county's own stations.
        for code in config.area(name).stations:
            lat, lon = registry[code]
            assert inside(ring, lon, lat), (name, code)
    # Zones have no administrative boundary: they keep the polygon configured in site.toml.
    kaifaqu = polygons["连云港经济技术开发区"]
    assert kaifaqu[0] == kaifaqu[-1] == "34.62,119.3" and len(kaifaqu) == 5


def inside(ring: np.ndarray, lon: float, lat: float) -> bool:
    """Ray casting: does the closed ring (lon, lat rows) hold the point?"""
    x0, y0, x1, y1 = ring[:-1, 0], ring[:-1, 1], ring[1:, 0], ring[1:, 1]
    crosses = (y0 > lat) != (y1 > lat)
    x_at = x0 + (lat - y0) * (x1 - x0) / np.where(y1 == y0, 1, y1 - y0)
    return bool(np.count_nonzero(crosses & (lon < x_at)) % 2)


def test_sample_alerts_are_marked_as_tests(register, config):
    root = etree.fromstring(xml_of(register.notices[0], register, config, is_sample=True))
    assert root.findtext("cap:status", namespaces=NS) == "Test"
    assert "演示" in root.findtext("cap:note", namespaces=NS)


def test_a_lift_maps_to_all_clear_and_has_no_expiry(register, config):
    root = etree.fromstring(xml_of(register.notices[2], register, config))
    info = root.find("cap:info", NS)
    assert info.findtext("cap:responseType", namespaces=NS) == "AllClear"
    assert info.find("cap:expires", NS) is None


# Documents that pass the schema but break CAP rules it cannot express.
def _mutate(xml: bytes, old: bytes, new: bytes) -> bytes:
    assert old in xml
    return xml.replace(old, new, 1)


def test_the_schema_itself_refuses_a_utc_z_time(register, config):
    xml = _mutate(
        xml_of(register.notices[0], register, config),
        b"<sent>2026-01-11T16:00:00+08:00",
        b"<sent>2026-01-11T08:00:00Z",
    )
    assert schema_errors(xml) and cap_problems(xml)


def test_cap_problems_catches_what_the_schema_cannot(register, config):
    yellow, orange, _ = register.notices
    alert = xml_of(yellow, register, config)
    update = xml_of(orange, register, config)
    cases = {
        "Z time in a reference": _mutate(update, b",2026-01-11T16:00:00+08:00<", b",2026-01-11T08:00:00Z<"),
        "open polygon": _mutate(
            alert,
            b"34.62,119.3 34.62,119.42 34.72,119.42 34.72,119.3 34.62,119.3",
            b"34.62,119.3 34.62,119.42 34.72,119.42 34.72,119.3 34.60,119.3",
        ),
        "short polygon": _mutate(
            alert,
            b"34.62,119.3 34.62,119.42 34.72,119.42 34.72,119.3 34.62,119.3",
            b"34.62,119.3 34.62,119.42 34.62,119.3",
        ),
        "bad reference": _mutate(
            update, b"sthjj@lyg.gov.cn,lyg-air-warning-2026-001,", b"lyg-air-warning-2026-001,"
        ),
        "update without references": etree.tostring(_drop(update, "references")),
        "identifier with a space": _mutate(alert, b"lyg-air-warning-2026-001", b"lyg air warning"),
    }
    for name, xml in cases.items():
        assert schema_errors(xml) == [], name  # the schema alone lets it through
        assert cap_problems(xml), name


def _drop(xml: bytes, tag: str):
    root = etree.fromstring(xml)
    root.remove(root.find(f"cap:{tag}", NS))
    return root


def test_an_open_polygon_in_the_configuration_stops_the_build(config):
    area = config.areas[0]
    opened = dataclasses.replace(area, polygon=area.polygon[:-1])
    broken = dataclasses.replace(config, areas=(opened, *config.areas[1:]))
    with pytest.raises(InputError) as info:
        check_area_polygons(broken)
    assert info.value.field == f"areas.{area.slug}.polygon" and "闭合" in info.value.detail


# Any chain of warnings (levels in any order, then maybe a lift) gives valid CAP files.
@settings(max_examples=25, deadline=None)
@given(
    levels=st.lists(st.sampled_from(["yellow", "orange", "red"]), min_size=1, max_size=4),
    lifted=st.booleans(),
    hours=st.integers(min_value=1, max_value=40),
)
def test_any_chain_gives_valid_cap_files(config, register, levels, lifted, hours):
    base = register.notices[0]
    notices: list[Notice] = []
    start = datetime.fromisoformat("2026-02-01T08:00:00+08:00")
    for i, level in enumerate(levels):
        issued = start + timedelta(hours=hours * i)
        notices.append(
            dataclasses.replace(
                base,
                id=f"c-{i}",
                level=level,
                issued_at=issued,
                effective_from=issued + timedelta(hours=1),
                expected_end=issued + timedelta(days=3),
                supersedes=notices[-1].id if notices else None,
            )
        )
    if lifted:
        issued = start + timedelta(hours=hours * len(levels))
        notices.append(
            dataclasses.replace(
                base,
                id="c-lift",
                level="lift",
                issued_at=issued,
                effective_from=issued,
                expected_end=None,
                measures=(),
                reduction_ratio=(),
                supersedes=notices[-1].id,
            )
        )
    chain = Register(notices)
    for notice in chain:
        xml = xml_of(notice, chain, config)
        assert schema_errors(xml) == [] and cap_problems(xml) == []
