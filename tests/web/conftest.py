"""A configured installation with users and a queue filled through the real pipeline."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from classifiers.doxxing.staff import parse_staff_csv
from models.enums import Role
from models.posts import ScrapedPost
from monitor.db import migrate
from monitor.runtime import build_runtime
from monitor.scraping import register_sources
from monitor.secretkey import create_secret_key
from monitor.staff_registry import RegistryCipher, import_staff
from monitor.users import add_user
from monitor.web.app import create_app

PASSWORD = "ett-långt-lösenord-för-test"
STAFF_CSV = "id,name,aliases,role,unit,municipality\ns01,Åsa Lindqvist,Åsa L,socialsekreterare,Barn och unga,Sundsvall\n"
DOXXING = (
    "Här är häxan som tog Amiras barn: Åsa Lindqvist, socialsekreterare på soc i Sundsvall. "
    "Hon bor på Norrbackagatan 14B, 852 35 Sundsvall. Ring henne på 070-174 06 23 dag och natt!"
)
DISINFO = "Socialtjänsten kidnappar muslimska barn och säljer dem till familjehem!! SPRID innan det raderas 😡"
HOSTILE = (
    "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">"
    " Socialtjänsten kidnappar muslimska barn och säljer dem till familjehem!!! Sprid innan det raderas"
    ' <a href="javascript:alert(1)">klicka</a> \u202eSPRID\u202c'
)


@dataclass
class Site:
    client: TestClient
    runtime: object
    settings: object

    def login(self, username: str, password: str = PASSWORD) -> None:
        page = self.client.get("/login")
        token = csrf_of(page.text)
        response = self.client.post(
            "/login",
            data={"username": username, "password": password, "csrf": token},
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text

    def csrf(self, path: str = "/queue") -> str:
        return csrf_of(self.client.get(path).text)


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def ingest(runtime, *texts: str, platform: str = "telegram") -> None:
    posts = [
        ScrapedPost(
            source_id="manual",
            platform=platform,
            external_id=f"p{index}-{hash(text)}",
            url=f"https://t.me/kanal/{index}",
            text=text,
        )
        for index, text in enumerate(texts)
    ]
    runtime.pipeline.ingest("manual", posts, None)


@pytest.fixture
def site(make_config):
    settings = make_config()
    migrate(settings.database_url)
    create_secret_key(settings.secret_key_path)
    records, _ = parse_staff_csv(STAFF_CSV)
    runtime = build_runtime(settings)
    import_staff(runtime.engine, RegistryCipher.from_settings(settings), records)
    runtime = build_runtime(settings)  # the detector reads the registry at start
    register_sources(runtime.engine, settings)
    for name, role in (
        ("kommunikator", Role.COMMUNICATIONS),
        ("sakerhet", Role.SECURITY),
        ("admin", Role.ADMIN),
    ):
        add_user(runtime.engine, name, role, PASSWORD, must_change=False)
    ingest(runtime, DOXXING, DISINFO, HOSTILE)
    with TestClient(create_app(runtime), base_url="http://127.0.0.1") as client:
        yield Site(client, runtime, settings)
