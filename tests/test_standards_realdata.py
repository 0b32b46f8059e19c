"""The engine against the published archive itself (needs ../shared/data)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from generator.standards.assessment import daily_station_values
from generator.standards.rounding import round_half_even

pytestmark = pytest.mark.shared_data


def test_daily_pm25_mean_equals_the_archive_24h_value_at_hour_23_on_complete_days(shared_data):
    from generator.sources.archive.cnemc import long_to_hourly, read_archives

    files = sorted((shared_data / "cnemc" / "2019").glob("china_sites_201901*.csv"))[:20]
    obs = read_archives(files, pollutants=["pm25", "pm25_24h"])
    long = obs.long
    published = long[(long["pollutant"] == "pm25_24h") & (long["time"].dt.hour == 23)]
    published = pd.DataFrame(
        {
            "station": published["station"].astype(str),
            "date": published["time"].dt.tz_localize(None).dt.normalize(),
            "published": published["value"].to_numpy(),
        }
    )
    daily = daily_station_values(long_to_hourly(long))
    both = daily[daily["hours_pm25"] == 24].merge(published, on=["station", "date"])
    assert len(both) > 300
    # The archive publishes the 24h mean as an integer: ours, unrounded, is within half a unit.
    assert np.all(np.abs(both["pm25"] - both["published"]) <= 0.5 + 1e-9)
    # ... and rounding it half to even (GB/T 8170) gives the published figure every time: exact
    # halves (52.5 -> 52, 164.5 -> 164, 96.5 -> 96) show the archive rounds half to even too.
    halves = (both["pm25"] % 1 == 0.5).sum()
    assert halves > 5
    assert (round_half_even(both["pm25"].to_numpy(), 0) == both["published"].to_numpy()).all()
