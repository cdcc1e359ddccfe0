"""``python -m writer_app`` is the same as the ``writer-app`` command."""

from __future__ import annotations

import sys

from writer_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
