"""Every theme keeps the text readable and the ghost readable but apart from the text."""

from __future__ import annotations

import pytest

from writer_app.ui.editor.themes import (
    GHOST_CONTRAST,
    INK_CONTRAST,
    INK_OVER_GHOST,
    THEMES,
    contrast,
    theme_named,
)


def test_contrast_is_wcag_s_ratio():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert contrast("#123456", "#123456") == pytest.approx(1.0)


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_the_text_and_the_ghost_read_well_and_never_look_alike(theme):
    ink, ghost = contrast(theme.ink, theme.paper), contrast(theme.ghost, theme.paper)
    assert ink >= INK_CONTRAST
    assert ghost >= GHOST_CONTRAST
    assert ink >= INK_OVER_GHOST * ghost
    assert contrast(theme.window_text, theme.window) >= INK_CONTRAST


def test_an_unknown_theme_name_falls_back_to_light():
    assert theme_named("neon").name == "light"
    assert [t.name for t in THEMES] == ["light", "sepia", "dark"]
