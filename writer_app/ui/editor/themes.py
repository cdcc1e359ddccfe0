"""The page's themes: light, sepia and dark, each with a ghost grey that stays readable and
stays apart from the writer's own words.

Contrast is WCAG's ratio of relative luminances.  Every theme keeps the writer's text at 7:1
or more against the paper (WCAG AAA), the ghost at 3:1 or more (readable, as large text is),
and the text at least twice the ghost's contrast, so a suggestion never passes for words
already written.  ``tests/unit/test_themes.py`` holds every theme to that.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QColor, QPalette

INK_CONTRAST = 7.0
GHOST_CONTRAST = 3.0
INK_OVER_GHOST = 2.0  # the text's contrast at least twice the ghost's


@dataclass(frozen=True)
class Theme:
    name: str  # kept in the settings
    paper: str
    ink: str
    ghost: str
    window: str  # the panels and menus around the page
    window_text: str

    def label(self) -> str:
        return QCoreApplication.translate("Theme", _LABELS[self.name])

    def palette(self, base: QPalette) -> QPalette:
        """``base`` (the application's own) in this theme's colours."""
        palette = QPalette(base)
        for role, colour in (
            (QPalette.ColorRole.Window, self.window),
            (QPalette.ColorRole.WindowText, self.window_text),
            (QPalette.ColorRole.Base, self.paper),
            (QPalette.ColorRole.AlternateBase, self.window),
            (QPalette.ColorRole.Text, self.ink),
            (QPalette.ColorRole.Button, self.window),
            (QPalette.ColorRole.ButtonText, self.window_text),
            (QPalette.ColorRole.ToolTipBase, self.paper),
            (QPalette.ColorRole.ToolTipText, self.ink),
            (QPalette.ColorRole.PlaceholderText, self.ghost),
        ):
            palette.setColor(role, QColor(colour))
        return palette


# The menu's names, marked for translation where they are written (lupdate reads only literals).
_LABELS = {
    "light": QT_TRANSLATE_NOOP("Theme", "Light"),
    "sepia": QT_TRANSLATE_NOOP("Theme", "Sepia"),
    "dark": QT_TRANSLATE_NOOP("Theme", "Dark"),
}
LIGHT = Theme("light", "#FFFFFF", "#1F1F1F", "#808080", "#EFEFEF", "#1F1F1F")
SEPIA = Theme("sepia", "#F4ECD8", "#3B2F25", "#7D6B58", "#E6DCC4", "#3B2F25")
DARK = Theme("dark", "#1E1F22", "#DCDCDC", "#8C9199", "#2B2D31", "#DCDCDC")
THEMES = (LIGHT, SEPIA, DARK)


def theme_named(name: str) -> Theme:
    return next((theme for theme in THEMES if theme.name == name), LIGHT)


def contrast(first: str, second: str) -> float:
    """WCAG's contrast ratio of two colours (1 to 21)."""
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _luminance(colour: str) -> float:
    rgb = QColor(colour)
    channels = (rgb.redF(), rgb.greenF(), rgb.blueF())
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
