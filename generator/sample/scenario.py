"""What happens in the sample period, as data: pollution episodes and the archive's defects.

Episodes and defects are fixed dates (not random draws) so the README can name them and the
tests can look for them. They apply only where they fall inside the generated period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class PmEpisode:
    """A regional haze episode: the city's daily mean PM2.5 is steered to these values (µg/m³)."""

    start: date
    daily_pm25: tuple[float, ...]
    label: str

    @property
    def end(self) -> date:
        return date.fromordinal(self.start.toordinal() + len(self.daily_pm25) - 1)


@dataclass(frozen=True)
class OzoneEpisode:
    """Hot, sunny, stagnant days: the afternoon photochemical ozone is multiplied by these factors."""

    start: date
    daily_factor: tuple[float, ...]
    label: str

    @property
    def end(self) -> date:
        return date.fromordinal(self.start.toordinal() + len(self.daily_factor) - 1)


@dataclass(frozen=True)
class DustEpisode:
    """A sand-dust process: coarse particles multiply PM10 (not PM2.5) by these factors, so PM10 is
    high while PM2.5/PM10 is low across the city (what `dustdays suggest` looks for)."""

    start: date
    daily_pm10_factor: tuple[float, ...]
    label: str

    @property
    def end(self) -> date:
        return date.fromordinal(self.start.toordinal() + len(self.daily_pm10_factor) - 1)


# Two winter haze episodes (daily AQI > 200 across the city; the January one reaches > 300)
# and one early-summer ozone episode.
PM_EPISODES = (
    PmEpisode(date(2025, 12, 18), (178.0, 212.0, 182.0), "2025年12月重污染过程（3天）"),
    PmEpisode(date(2026, 1, 12), (192.0, 246.0, 292.0, 208.0), "2026年1月重污染过程（4天，1月14日严重污染）"),
)
OZONE_EPISODES = (OzoneEpisode(date(2025, 6, 10), (1.35, 1.55, 1.65, 1.4), "2025年6月臭氧污染过程（4天）"),)
# A spring sand-dust process (the sample's dust-day register, data/sample/dustdays/, confirms it).
DUST_EPISODES = (DustEpisode(date(2025, 3, 27), (3.4, 2.8), "2025年3月沙尘天气过程（2天）"),)

# Defects like those of the real archive.
MISSING_DAYS = (date(2025, 4, 8),)  # no file at all for these days
# A station that reports nothing for a stretch (code, first day, last day, inclusive).
OFFLINE = (("GY02", date(2025, 8, 5), date(2025, 8, 19)),)
# Random defects: share of days that lose a block of 1-5 hours, share of single empty fields.
MISSING_HOUR_BLOCK_DAY_SHARE = 0.03
MISSING_HOUR_BLOCK_MAX = 5
EMPTY_FIELD_SHARE = 0.002

# The bureau's forecasts around the January 2026 episode: issue date -> (city AQI ranges of the 7
# days after it, remark). Graded on the upper ends (2024 rules) they call for yellow (issues of the
# 9th to 11th), orange (12th, 13th), yellow (14th), then nothing: the sample register's yellow
# warning (issued the 11th), its upgrade to orange (13th) and the lift (16th) answer them.
EPISODE_FORECASTS = {
    date(2026, 1, 9): (
        ((70, 100), (90, 120), (120, 150), (140, 170), (130, 160), (100, 130), (80, 110)),
        "静稳天气逐渐形成，13日起可能出现污染过程。",
    ),
    date(2026, 1, 10): (
        ((90, 120), (140, 170), (160, 200), (120, 150), (100, 130), (80, 110), (70, 100)),
        "12日至13日扩散条件差，PM2.5 浓度持续上升。",
    ),
    date(2026, 1, 11): (
        ((140, 170), (180, 220), (120, 150), (100, 130), (80, 110), (70, 100), (60, 90)),
        "12日至13日可能出现中度至重度污染，建议启动黄色预警。",
    ),
    date(2026, 1, 12): (
        ((220, 250), (250, 290), (160, 190), (90, 120), (70, 100), (60, 90), (60, 90)),
        "13日至14日重度污染，不利气象条件较前次预报更持久。",
    ),
    date(2026, 1, 13): (
        ((260, 295), (180, 220), (100, 130), (70, 100), (60, 90), (60, 90), (70, 100)),
        "14日污染最重，15日夜间起冷空气南下，扩散条件逐步改善。",
    ),
    date(2026, 1, 14): (
        ((170, 210), (90, 120), (70, 100), (60, 90), (60, 90), (70, 100), (80, 110)),
        "冷空气15日夜间到达，16日起空气质量明显好转。",
    ),
    date(2026, 1, 15): (
        ((100, 130), (70, 100), (60, 90), (60, 90), (70, 100), (80, 110), (70, 100)),
        "受冷空气影响，16日起以良至轻度污染为主。",
    ),
    date(2026, 1, 16): (
        ((70, 100), (60, 90), (60, 90), (50, 80), (60, 90), (60, 90), (70, 100)),
        "未来一周扩散条件较好，以良为主。",
    ),
}
