"""Numbers as the window's language writes them: 1,234 and 2.5 in English and Chinese,
1.234 and 2,5 in German.  Every figure the UI shows goes through here, never through
Python's own ``f"{n:,}"``, which always writes the English way."""

from __future__ import annotations

from PySide6.QtCore import QLocale


def whole(value: int) -> str:
    """A count: words, 字, tokens, megabytes."""
    return _locale().toString(int(value))


def decimal(value: float, digits: int = 1) -> str:
    """A measure with a fixed number of decimals: a speed, a size in GB."""
    return _locale().toString(float(value), "f", digits)


def _locale() -> QLocale:
    """The window's locale; under the POSIX "C" locale (a bare system, a container) the
    English way, as the window's words are then English: 4,096 rather than 4096."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return locale


def percent(fraction: float) -> str:
    """A share: 0.8 → "80%" (the locale's own percent sign and digits)."""
    locale = _locale()
    return locale.toString(round(fraction * 100)) + locale.percent()
