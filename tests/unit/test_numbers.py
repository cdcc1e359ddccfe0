"""Figures the window shows are written the way its language writes numbers."""

import pytest
from PySide6.QtCore import QLocale

from writer_app.core.drafting.suggestion import StopReason, SuggestionStats
from writer_app.ui.numbers import decimal, whole
from writer_app.ui.status import describe_stats


@pytest.fixture
def locale_named():
    before = QLocale()

    def use(name: str) -> None:
        QLocale.setDefault(QLocale(name))

    yield use
    QLocale.setDefault(before)


def _stats() -> SuggestionStats:
    return SuggestionStats(
        generated_tokens=41,
        prompt_tokens=12_345,
        reused_tokens=12_000,
        evaluated_tokens=1_345,
        n_ctx=32_768,
        stop_reason=StopReason.LENGTH,
        seed=7,
        prompt_seconds=0.5,
        decode_seconds=16.0,
    )


def test_chinese_writes_thousands_with_commas(locale_named):
    locale_named("zh_CN")
    assert whole(1234) == "1,234"
    assert decimal(2.5, 1) == "2.5"
    line = describe_stats(_stats())
    assert "12,386 / 32,768" in line
    assert "2.5 tokens/s" in line


def test_german_writes_its_own_way(locale_named):
    locale_named("de_DE")
    assert whole(1234) == "1.234"
    assert decimal(2.5, 1) == "2,5"
    line = describe_stats(_stats())
    assert "12.386 / 32.768" in line
    assert "read 1.345 new, reused 12.000" in line


def test_the_status_line_says_how_many_banned_phrases_were_taken_back(locale_named):
    from dataclasses import replace

    locale_named("en_US")
    assert "taken back" not in describe_stats(_stats())
    assert "3 banned phrases taken back" in describe_stats(replace(_stats(), taken_back=3))
