"""A small statistical model of Lianyungang's hourly air, for demonstration data only.

Each pollutant is built in log space from parts that mimic what drives the real series:
- a seasonal cycle (PM, NO2, SO2, CO high in winter; ozone high in early summer);
- a shared regional weather factor (daily AR(1), so bad days come in runs and every station
  feels them together), plus each station's own hourly AR(1) noise;
- daily cycles (NO2 rush hours, afternoon ozone from photochemistry, night-time PM build-up);
- weekday traffic (less NO2 at weekends) and per-station offsets (generator.sample.profiles);
- the scripted episodes of generator.sample.scenario.
The levels are tuned to the 2019 archive of stations 1173A/3000A/3008A/3009A (annual PM2.5 ~45,
January ~80, summer ~25; summer ozone 8-hour peaks ~200).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from generator.sample import scenario
from generator.sample.profiles import profile

POLLUTANTS = ("pm25", "pm10", "so2", "no2", "o3", "co")


@dataclass
class Timeline:
    """The hours simulated: one warm-up day before `start`, so the first day's 24-hour values are full."""

    start: date
    end: date

    def __post_init__(self) -> None:
        first = np.datetime64(self.start) - np.timedelta64(1, "D")
        self.days = np.arange(first, np.datetime64(self.end) + np.timedelta64(1, "D"), dtype="datetime64[D]")
        self.hours = (self.days[:, None] + np.arange(24) * np.timedelta64(1, "h")).ravel()
        self.day_of_hour = self.hours.astype("datetime64[D]")
        self.hour = np.tile(np.arange(24), len(self.days))
        self.day_index = np.repeat(np.arange(len(self.days)), 24)
        doy = (self.days - self.days.astype("datetime64[Y]")).astype(int) + 1
        self.doy = np.repeat(doy, 24).astype(float) + self.hour / 24.0
        # 1970-01-01 was a Thursday: Monday = 0.
        weekday = (self.days.astype(int) + 3) % 7
        self.weekend = np.repeat(weekday >= 5, 24)


def ar1(innovations: np.ndarray, phi: float) -> np.ndarray:
    """AR(1) series with unit variance along axis 0, as a causal convolution (no loop over time).

    The kernel phi**k is cut where it falls below 1e-9, far below the rounding of the output.
    """
    n = innovations.shape[0]
    k = min(n, int(np.ceil(np.log(1e-9) / np.log(phi))) + 1)
    kernel = phi ** np.arange(k) * np.sqrt(1 - phi**2)
    size = 1 << int(np.ceil(np.log2(n + k)))
    spec = np.fft.rfft(innovations, size, axis=0) * np.fft.rfft(kernel, size)[:, None]
    return np.fft.irfft(spec, size, axis=0)[:n]


def daily_to_hourly(daily: np.ndarray) -> np.ndarray:
    """Linear interpolation of day values (placed at noon) to every hour."""
    n = daily.shape[0]
    x_hours = np.arange(n * 24) / 24.0 - 0.5
    return np.interp(x_hours, np.arange(n), daily)


def _bump(x: np.ndarray, centre: float, width: float) -> np.ndarray:
    return np.exp(-0.5 * ((x - centre) / width) ** 2)


def episode_series(tl: Timeline, episodes, values_of) -> tuple[np.ndarray, np.ndarray]:
    """Hourly weight (0..1) and hourly target of the episodes that fall in the timeline.

    The weight is 1 on episode days, ramps up over the 18 hours before (haze builds up over the
    evening) and down over the 6 hours after (a cold front clears it quickly). Around an episode
    the target is the value of its nearest episode day.
    """
    n_days = len(tl.days)
    daily_target = np.full(n_days, np.nan)
    for ep in episodes:
        offsets = (np.datetime64(ep.start) - tl.days[0]).astype(int) + np.arange(len(values_of(ep)))
        keep = (offsets >= 0) & (offsets < n_days)
        daily_target[offsets[keep]] = np.asarray(values_of(ep), dtype=float)[keep]
    target = np.repeat(daily_target, 24)
    inside = ~np.isnan(target)
    if not inside.any():
        return np.zeros(len(target)), np.ones(len(target))
    idx = np.arange(len(target))
    last = np.maximum.accumulate(np.where(inside, idx, -(10**9)))
    following = np.minimum.accumulate(np.where(inside, idx, 10**9)[::-1])[::-1]
    since, until = idx - last, following - idx
    weight = np.maximum(np.clip(1 - since / 7, 0, 1), np.clip(1 - until / 19, 0, 1))
    nearest = np.where(since <= until, last, following).clip(0, len(target) - 1)
    return weight, np.where(weight > 0, target[nearest], 1.0)


def simulate(tl: Timeline, codes: list[str], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Hourly concentrations (hours x stations), rounded as published: integers, CO to 0.1 mg/m³."""
    n_hours, n_st = len(tl.hours), len(codes)
    n_days = len(tl.days)
    prof = {f: np.array([getattr(profile(c), f) for c in codes]) for f in ("pm", "so2", "no2", "o3", "co")}
    season = np.cos(2 * np.pi * (tl.doy - 15) / 365.25)[:, None]  # +1 mid-January, -1 mid-July
    hour = tl.hour[:, None].astype(float)

    # Regional weather: stagnation (traps everything) and photochemistry (sun and heat).
    stagnation_d = ar1(rng.standard_normal((n_days, 1)), 0.7)[:, 0]
    sunny_d = 0.35 * stagnation_d + np.sqrt(1 - 0.35**2) * ar1(rng.standard_normal((n_days, 1)), 0.6)[:, 0]
    stagnation = daily_to_hourly(stagnation_d)[:, None]
    sunny = daily_to_hourly(sunny_d)[:, None]

    def local(phi: float, sd: float) -> np.ndarray:
        return sd * ar1(rng.standard_normal((n_hours, n_st)), phi)

    # PM2.5: regional level, then episodes steer the regional level to their targets.
    regional = np.log(34.0) + 0.55 * season + (0.36 + 0.08 * season) * stagnation
    weight, target = episode_series(tl, scenario.PM_EPISODES, lambda ep: ep.daily_pm25)
    weight = weight[:, None]
    regional = (1 - weight) * regional + weight * np.log(target)[:, None]
    pm_diurnal = 0.12 * np.cos(2 * np.pi * (hour - 4) / 24)
    pm25 = np.exp(regional + pm_diurnal + np.log(prof["pm"]) + local(0.92, 0.2))

    # PM10: coarse dust on top; most in spring, least in haze (which is mostly fine particles).
    spring = _bump(tl.doy, 95, 30)[:, None]
    coarse = np.log(1.6) - 0.1 * season + 0.15 * spring - 0.2 * weight + local(0.9, 0.12)
    dust_weight, dust_factor = episode_series(tl, scenario.DUST_EPISODES, lambda ep: ep.daily_pm10_factor)
    coarse = coarse + (dust_weight * np.log(dust_factor))[:, None]
    pm10 = pm25 * np.exp(coarse)

    # SO2: low; industrial parks higher; elevated plumes mix down at midday.
    so2 = np.exp(
        np.log(9.5)
        + 0.3 * season
        + 0.2 * stagnation
        + 0.15 * np.cos(2 * np.pi * (hour - 11) / 24)
        + np.log(prof["so2"])
        + local(0.85, 0.35)
    )
    so2 = np.minimum(so2, 600.0)

    # NO2: rush-hour peaks, afternoon dip (mixing and photolysis), less at weekends.
    rush = 0.28 * _bump(hour, 8, 1.5) + 0.32 * _bump(hour, 19.5, 2.0) - 0.3 * _bump(hour, 14, 2.5)
    weekend = tl.weekend[:, None]
    rush = np.where(weekend, 0.5 * rush, rush) - 0.14 * weekend
    no2 = np.exp(
        np.log(24.0)
        + 0.42 * season
        + 0.3 * stagnation
        + 0.25 * weight
        + rush
        + np.log(prof["no2"])
        + local(0.8, 0.25)
    )

    # CO tracks the combustion aerosol.
    co = (0.5 + 0.0095 * pm25) * prof["co"] * np.exp(local(0.85, 0.1))

    # O3: background plus afternoon photochemistry peaking ~15h, strongest May-June with an
    # early-autumn shoulder, minus titration by fresh NO.
    doy = tl.doy[:, None]
    background = 62 + 12 * np.cos(2 * np.pi * (doy - 120) / 365.25)
    amplitude = 20 + 105 * _bump(doy, 160, 48) + 35 * _bump(doy, 258, 18)
    o3_weight, o3_factor = episode_series(tl, scenario.OZONE_EPISODES, lambda ep: ep.daily_factor)
    amplitude = amplitude * (1 + o3_weight * (o3_factor - 1))[:, None]
    sun = _bump(hour, 15, 3.2)
    photo = amplitude * sun * np.exp(0.3 * sunny - 0.25 * np.clip(stagnation, 0, None) * (season > 0))
    o3 = (
        (background * (0.72 + 0.28 * sun)) * np.exp(local(0.85, 0.15))
        + photo * prof["o3"] * np.exp(local(0.7, 0.1))
        - 0.25 * no2
    )
    o3 = np.maximum(o3, 2.0)

    out = {"pm25": pm25, "pm10": np.maximum(pm10, pm25 + 1), "so2": so2, "no2": no2, "o3": o3}
    rounded = {k: np.maximum(np.floor(v + 0.5), 1.0) for k, v in out.items()}
    rounded["co"] = np.maximum(np.floor(co * 10 + 0.5) / 10, 0.1)
    return rounded
