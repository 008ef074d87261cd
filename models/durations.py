"""Human durations in config ("30s", "15m", "1h", "1d", "1h30m")."""

import re
from datetime import timedelta

_PART = re.compile(r"(\d+)\s*([smhd])")
_WHOLE = re.compile(r"^\s*(?:\d+\s*[smhd]\s*)+$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(value: str | int) -> timedelta:
    """Parse a duration; a bare integer means seconds. Raise ValueError with the accepted forms."""
    if isinstance(value, bool):
        raise ValueError("expected a duration such as 30s, 15m, 1h or 1d")
    if isinstance(value, int):
        seconds = value
    else:
        text = str(value).strip().lower()
        if not _WHOLE.match(text):
            raise ValueError(
                f"bad duration {value!r}: use a number and a unit, e.g. 30s, 15m, 1h, 1d"
            )
        seconds = sum(int(n) * _UNIT_SECONDS[u] for n, u in _PART.findall(text))
    if seconds <= 0:
        raise ValueError(f"duration must be positive, got {value!r}")
    return timedelta(seconds=seconds)
