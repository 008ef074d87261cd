"""What every source's settings share; each scraper module adds its own fields to this."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl, field_validator

from models.durations import parse_duration


def _known_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {value!r} (e.g. Europe/Stockholm)") from exc
    return value


# A page's wall-clock times are read in this zone and stored in UTC.
TimeZoneName = Annotated[str, AfterValidator(_known_zone)]


def as_duration(value: Any) -> timedelta:
    return value if isinstance(value, timedelta) else parse_duration(value)


class SourceBase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
    every: timedelta
    enabled: bool = True
    # Where the platform (or a mirror, an instance, a test server) answers.
    base_url: HttpUrl | None = None

    _parse_every = field_validator("every", mode="before")(as_duration)

    def api_base(self, default: str) -> str:
        return str(self.base_url or default).rstrip("/")

    def startup_problem(self) -> str | None:
        """Why this source cannot run at all (a missing API token, say), or None.

        Checked when the service starts: such a source is reported and left out, the rest run.
        """
        return None
