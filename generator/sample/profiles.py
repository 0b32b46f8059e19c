"""How each configured station differs from the city's typical site, as multiplicative factors.

Read from the station's setting: industrial parks (灌南化工园区, 徐圩, 临港产业区) get more SO2 and
NO2 and, downwind of their precursors, more ozone; the mountain site 云台山 is cleaner, with less
NO2 to titrate ozone away. A station code missing from this table gets the typical profile.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    pm: float = 1.0
    so2: float = 1.0
    no2: float = 1.0
    o3: float = 1.0
    co: float = 1.0


TYPICAL = Profile()

PROFILES: dict[str, Profile] = {
    # 海州区: the urban core, traffic.
    "1173A": Profile(pm=1.05, no2=1.15, o3=0.95, co=1.05),
    "3009A": Profile(pm=1.06, no2=1.05, o3=0.97),
    "3434A": Profile(pm=1.02, no2=1.08),
    # 连云区: port and coast.
    "3008A": Profile(pm=0.95, so2=1.15, no2=0.95, o3=1.05),
    "3664A": Profile(pm=0.96, so2=1.25, no2=1.05, o3=1.04),
    # 赣榆区.
    "3007A": Profile(pm=1.06, so2=1.05, no2=0.95),
    # 东海县: inland, more dust and winter heating.
    "DH01": Profile(pm=1.10, no2=0.95, co=1.05),
    "DH02": Profile(pm=1.13, so2=1.10, no2=1.0, co=1.05),
    # 灌云县: the 临港产业区 is industrial.
    "GY01": Profile(pm=1.03, no2=0.92),
    "GY02": Profile(pm=1.05, so2=1.6, no2=1.2, o3=1.08),
    # 灌南县: the chemical park.
    "GN01": Profile(pm=1.08, no2=0.95),
    "GN02": Profile(pm=1.10, so2=2.2, no2=1.3, o3=1.12, co=1.1),
    # Functional zones.
    "3000A": Profile(pm=0.98, so2=1.2, no2=1.2),
    "XW01": Profile(pm=1.02, so2=2.0, no2=1.25, o3=1.12, co=1.05),
    "GX01": Profile(pm=1.0, no2=1.05),
    "YT01": Profile(pm=0.75, so2=0.6, no2=0.5, o3=1.10, co=0.8),
}


def profile(code: str) -> Profile:
    return PROFILES.get(code, TYPICAL)
