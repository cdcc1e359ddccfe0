"""writer-app: an offline drafting companion for novelists."""

from __future__ import annotations

__version__ = "0.1.0"
APP_NAME = "writer-app"
