"""The benchmarks build at the time the weekly workflow would: the Monday 08:00 (Beijing) after the
data's last day, never before it (a build before its data ends publishes the future)."""

from datetime import UTC, date, datetime

from generator.bench import epoch_after, preflight, rebuild, sitecheck
from generator.sample import DEFAULT_END


def test_the_monday_after_the_sample_ends_at_eight_in_beijing():
    assert DEFAULT_END == date(2026, 11, 22)  # a Sunday
    assert datetime.fromtimestamp(int(epoch_after(DEFAULT_END)), UTC) == datetime(
        2026, 11, 23, 0, 0, tzinfo=UTC
    )


def test_a_year_ending_on_a_thursday_is_built_the_monday_after():
    assert datetime.fromtimestamp(int(epoch_after(date(2026, 12, 31))), UTC).date() == date(2027, 1, 4)


def test_every_section_that_builds_the_sample_builds_it_after_it_ends():
    sample_end = datetime(2026, 11, 23, tzinfo=UTC).timestamp()
    for epoch in (sitecheck.TEST_EPOCH, preflight.TEST_EPOCH, rebuild.EPOCH):
        assert int(epoch) >= sample_end
