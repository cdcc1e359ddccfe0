"""Words per calendar day: today's net words, the goal, the streak, midnight, a restart and a
damaged file."""

from __future__ import annotations

from datetime import date, timedelta

from writer_app.core.manuscript.daily import DailyProgress


class Clock:
    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


def test_words_add_up_per_day_and_midnight_starts_a_new_one(tmp_path):
    clock = Clock(date(2026, 12, 1))
    daily = DailyProgress(tmp_path / "daily.json", today=clock)
    daily.add(1200)
    daily.add(-200)  # a rewrite that ended shorter
    assert daily.today_words() == 1000
    clock.day = date(2026, 12, 2)  # past midnight
    assert daily.today_words() == 0
    daily.add(300)
    again = DailyProgress(tmp_path / "daily.json", today=clock)  # a restart
    assert again.today_words() == 300
    assert again.words_on(date(2026, 12, 1)) == 1000
    daily.add(-900)
    assert daily.today_words() == 0  # never shown below zero


def test_the_streak_counts_days_that_met_the_goal(tmp_path):
    clock = Clock(date(2026, 12, 10))
    daily = DailyProgress(tmp_path / "daily.json", today=clock)
    daily.set_goal(1000)
    for back, words in ((4, 500), (3, 1000), (2, 1500), (1, 1000)):
        clock.day = date(2026, 12, 10) - timedelta(days=back)
        daily.add(words)
    clock.day = date(2026, 12, 10)
    assert daily.streak() == 3  # today is not over: yesterday's run still counts
    daily.add(1000)
    assert daily.streak() == 4
    clock.day = date(2026, 12, 12)  # a day missed
    assert daily.streak() == 0
    days = daily.last_days(30)
    assert len(days) == 30 and days[-1] == (date(2026, 12, 12), 0)
    assert (date(2026, 12, 9), 1000) in days


def test_a_damaged_file_is_set_aside_and_counting_starts_again(tmp_path):
    path = tmp_path / "daily.json"
    path.write_text('{"goal": "lots", "days": {"yesterday": 5, "2026-12-01": true}', "utf-8")
    daily = DailyProgress(path, today=Clock(date(2026, 12, 2)))
    assert daily.goal == 0 and daily.days == {}
    path.write_text('{"goal": -5, "days": {"2026-12-01": 700, "bad": 1}}', "utf-8")
    daily = DailyProgress(path, today=Clock(date(2026, 12, 2)))
    assert daily.goal == 0 and daily.days == {"2026-12-01": 700}
