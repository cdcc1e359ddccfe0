"""A number of bytes as a writer reads it: "12 KB", "340 MB", "4.7 GB".

Decimal units (1 GB = 1,000,000,000 bytes), as the model hubs list their files and as the
models window sizes them, so a figure in one sentence matches the same figure in another.
"""

from __future__ import annotations

# Each unit with the digits it is shown with: whole kilobytes and megabytes are precise enough
# for a file; gigabytes need the tenth ("4.7 GB" and "5.2 GB" are different models).
_UNITS = (("KB", 0), ("MB", 0), ("GB", 1), ("TB", 1))


def format_size(size: float) -> str:
    """``size`` bytes in the smallest unit that shows it as less than 1000 once rounded."""
    if size < 1000:
        count = max(int(size), 0)
        return "1 byte" if count == 1 else f"{count} bytes"
    value = float(size)
    for unit, digits in _UNITS[:-1]:
        value /= 1000
        if round(value, digits) < 1000:
            return f"{value:,.{digits}f} {unit}"
    unit, digits = _UNITS[-1]
    return f"{value / 1000:,.{digits}f} {unit}"  # past it: "5,000.0 TB"
