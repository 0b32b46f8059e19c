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
OZONE_EPISODES = (
    OzoneEpisode(date(2025, 6, 10), (1.35, 1.55, 1.65, 1.4), "2025年6月臭氧污染过程（4天）"),
)
# A spring sand-dust process (the sample's dust-day register, data/sample/dustdays/, confirms it).
DUST_EPISODES = (
    DustEpisode(date(2025, 3, 27), (3.4, 2.8), "2025年3月沙尘天气过程（2天）"),
)

# Defects like those of the real archive.
MISSING_DAYS = (date(2025, 4, 8),)  # no file at all for these days
# A station that reports nothing for a stretch (code, first day, last day, inclusive).
OFFLINE = (("GY02", date(2025, 8, 5), date(2025, 8, 19)),)
# Random defects: share of days that lose a block of 1-5 hours, share of single empty fields.
MISSING_HOUR_BLOCK_DAY_SHARE = 0.03
MISSING_HOUR_BLOCK_MAX = 5
EMPTY_FIELD_SHARE = 0.002
