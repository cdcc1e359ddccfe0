"""Words written per calendar day, across every file and novel, as web novelists count them:
today's words (字), a daily goal, the streak of days that met it, and the last 30 days.

Today's figure is net: words added minus words deleted in the day's writing (a rewrite that
ends shorter counts less), never shown below zero.  Kept in the app's state folder as
``daily.json`` (one small store, written atomically; a damaged file is set aside and the count
starts again); days are the writer's local calendar days, and the clock is injected so that
midnight can be tested.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from writer_app.core.storage.paths import state_dir
from writer_app.core.storage.state_files import read_json_object, write_json
from writer_app.core.text import sentence

log = logging.getLogger(__name__)

DAILY_FILE = "daily.json"
KEEP_DAYS = 400  # a year and more of history; older days are dropped when saving
MAX_GOAL = 1_000_000


class DailyProgress:
    def __init__(self, path: Path | None = None, today: Callable[[], date] = date.today) -> None:
        self.path = path or state_dir() / DAILY_FILE
        self._today = today
        raw = (
            read_json_object(
                self.path, what=sentence.translate("StateFiles", "Your daily word counts")
            )
            or {}
        )
        self.goal = _goal(raw.get("goal"))
        self.days: dict[str, int] = _days(raw.get("days"))

    def today(self) -> date:
        return self._today()

    def words_on(self, day: date) -> int:
        return max(0, self.days.get(day.isoformat(), 0))

    def today_words(self) -> int:
        return self.words_on(self.today())

    def add(self, words: int, save: bool = True) -> None:
        """``words`` written (or, negative, deleted) just now; saved at once unless ``save`` is
        False (the caller saves soon; OSError raised)."""
        if words == 0:
            return
        key = self.today().isoformat()
        self.days[key] = self.days.get(key, 0) + words
        if save:
            self.save()

    def set_goal(self, goal: int) -> None:
        self.goal = _goal(goal)
        self.save()

    def met(self, day: date) -> bool:
        return self.goal > 0 and self.words_on(day) >= self.goal

    def streak(self) -> int:
        """Days in a row that met the goal, up to today (or yesterday: today is not over)."""
        day = self.today()
        if not self.met(day):
            day -= timedelta(days=1)
        count = 0
        while self.met(day):
            count += 1
            day -= timedelta(days=1)
        return count

    def last_days(self, count: int = 30) -> list[tuple[date, int]]:
        """(day, words) for the last ``count`` days, oldest first, today last."""
        today = self.today()
        return [
            (day, self.words_on(day))
            for day in (today - timedelta(days=back) for back in range(count - 1, -1, -1))
        ]

    def save(self) -> None:
        oldest = (self.today() - timedelta(days=KEEP_DAYS)).isoformat()
        self.days = {day: words for day, words in self.days.items() if day >= oldest}
        write_json(self.path, {"goal": self.goal, "days": dict(sorted(self.days.items()))})


def _goal(raw: Any) -> int:
    if isinstance(raw, int) and not isinstance(raw, bool) and 0 <= raw <= MAX_GOAL:
        return raw
    return 0


def _days(raw: Any) -> dict[str, int]:
    if not isinstance(raw, dict):
        return {}
    days = {}
    for key, words in raw.items():
        try:
            date.fromisoformat(key)
        except (TypeError, ValueError):
            continue
        if isinstance(words, int) and not isinstance(words, bool) and abs(words) < 10**9:
            days[key] = words
    return days
