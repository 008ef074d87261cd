"""A set-up installation (migrated database, secret key, staff registry) with posts ingested
through the real pipeline, for the operations tests (retention, metrics, export, doctor)."""

from __future__ import annotations

from classifiers.doxxing.staff import parse_staff_csv
from models.posts import ScrapedPost
from monitor.db import make_engine, migrate
from monitor.runtime import build_runtime
from monitor.scraping import register_sources
from monitor.secretkey import create_secret_key
from monitor.staff_registry import RegistryCipher, import_staff

STAFF_CSV = (
    "id,name,aliases,role,unit,municipality\n"
    "s01,Åsa Lindqvist,Åsa L,socialsekreterare,Barn och unga,Sundsvall\n"
)
DOXXING = (
    "Här är häxan som tog Amiras barn: Åsa Lindqvist, socialsekreterare på soc i Sundsvall. "
    "Hon bor på Norrbackagatan 14B, 852 35 Sundsvall. Ring henne på 070-174 06 23 dag och natt!"
)
DISINFO = (
    "SPRID INNAN DET RADERAS!!! Socialtjänsten kidnappar muslimska barn och säljer dem till "
    "familjehem som tjänar miljoner. Sverige är en fascistisk stat som vill utrota islam 😡"
)
WEATHER = "Sol och 18 grader i Härnösand i helgen, perfekt för en promenad längs kajen."


def install(make_config, extra: str = "", sources_yaml: str = "sources: []"):
    """Settings and a runtime whose detector knows the fictional staff member Åsa Lindqvist."""
    settings = make_config(sources_yaml, extra)
    migrate(settings.database_url)
    create_secret_key(settings.secret_key_path)
    records, _ = parse_staff_csv(STAFF_CSV)
    engine = make_engine(settings.database_url)
    import_staff(engine, RegistryCipher.from_settings(settings), records)
    engine.dispose()
    runtime = build_runtime(settings)  # the detector reads the registry at start
    register_sources(runtime.engine, settings)
    return settings, runtime


def post(external_id: str, text: str, platform: str = "telegram") -> ScrapedPost:
    return ScrapedPost(
        source_id="manual",
        platform=platform,
        external_id=external_id,
        url=f"https://t.me/kanal/{external_id}",
        text=text,
        author="@konto",
        author_name="Ett Konto",
    )
