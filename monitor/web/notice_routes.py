"""Takedown notices in the review UI: create from an item, edit, copy, download, mark sent, and
the overview of outcomes by platform (/notices)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import Response
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from models.enums import ReviewStatus
from models.tables import Post, ReviewItem, TakedownNotice
from monitor.config import Settings
from monitor.db import session_scope
from monitor.notices.facts import (
    DETAIL_KINDS,
    REASONS,
    SENSITIVE_KINDS,
    Facts,
    NoticeError,
    grounds,
    warnings,
)
from monitor.notices.platforms import LANGS, PlatformTableError
from monitor.notices.render import as_eml, valid_email
from monitor.notices.workflow import (
    NOTICE_STATES,
    ItemContext,
    NoticeKit,
    create_notice,
    facts_of,
    format_duration,
    latest_result,
    load_context,
    mark_sent,
    missing,
    overview,
    record_outcome,
    regenerate,
    removal_time,
    save_body,
    urls_of,
)
from monitor.web.context import TEMPLATES, WebContext, redirect

REASON_SV = {
    "doxxing": "Doxning",
    "threat": "Hot",
    "defamation": "Förtal",
    "disinformation": "Desinformation (plattformens regler)",
}
LANG_SV = {"sv": "svenska", "en": "engelska"}
OUTCOME_SV = {
    None: "Utkast",
    "pending": "Skickad, väntar",
    "removed": "Borttaget",
    "still_online": "Ligger kvar",
    "refused": "Nekad",
}
GROUND_SV = {
    "rule_private_info": "Plattformens regler om privat information",
    "rule_harassment": "Plattformens regler mot trakasserier",
    "rule_violence": "Plattformens regler mot hot och våld",
    "rule_misinformation": "Plattformens regler om desinformation",
    "rule_inauthentic": "Plattformens regler om samordnat, icke-autentiskt beteende",
    "rule_terms": "Plattformens villkor i allmänhet",
    "brb_4_4b": "Olaga förföljelse, BrB 4 kap. 4 b §",
    "brb_4_5": "Olaga hot, BrB 4 kap. 5 §",
    "brb_4_6c": "Olaga integritetsintrång, BrB 4 kap. 6 c §",
    "brb_5_1": "Förtal, BrB 5 kap. 1 §",
    "brb_5_2": "Grovt förtal, BrB 5 kap. 2 §",
    "brb_16_5": "Uppvigling, BrB 16 kap. 5 §",
    "brb_17_1": "Våld eller hot mot tjänsteman, BrB 17 kap. 1 §",
    "brb_17_attack": "Angrepp mot tjänsteman, BrB 17 kap.",
    "dsa_18": "DSA art. 18: plattformen ska underrätta polisen",
}
DETAIL_SV = {
    "address": "hemadress",
    "phone": "telefonnummer",
    "email": "privat e-post",
    "personnummer": "personnummer",
    "school": "barnens skola/förskola",
    "family": "familjemedlemmar",
    "routine": "dagliga rutiner",
    "plate": "registreringsnummer",
    "car": "beskrivning av bilen",
    "handle": "konton i sociala medier",
    "filming": "film/bild av personen",
}
SENSITIVE_SV = {
    "sex_life": "sexualliv",
    "health": "hälsa",
    "crime_victim": "utsatt för brott",
    "exposed_situation": "mycket utsatt situation",
    "nudity": "nakenhet",
}
FACT_FLAGS = {
    "person_identified": "En enskild person kan identifieras",
    "staff_in_role": (
        "Personen pekas ut på grund av sitt arbete (t.ex. ett beslut i ett barnärende)"
    ),
    "threat": "Hot mot personens liv eller säkerhet",
    "veiled_or_family_threat": "Hotet är förtäckt eller riktat mot närstående",
    "call_to_action": "Uppmanar andra att söka upp, kontakta eller agera mot personen",
    "repeated": "Upprepade kränkningar av samma person från samma avsändare",
    "grave_defamation": "Förtalet är grovt (innehåll, spridning)",
    "coordinated": "Tecken på samordnad spridning (samma text från flera konton)",
}
ACTION_SV = {
    "notice_created": "Anmälan skapad",
    "notice_edited": "Anmälan redigerad",
    "notice_regenerated": "Anmälan omskapad",
    "notice_sent": "Anmälan skickad",
    "notice_outcome": "Utfall av anmälan",
}
TEMPLATES.env.globals.update(
    NOTICE_REASON_SV=REASON_SV,
    NOTICE_OUTCOME_SV=OUTCOME_SV,
    NOTICE_LANG_SV=LANG_SV,
    NOTICE_ACTION_SV=ACTION_SV,
    notice_duration=format_duration,
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^\d{2}:\d{2}$")


def _tz():
    try:
        return ZoneInfo("Europe/Stockholm")
    except ZoneInfoNotFoundError:  # no time-zone database on this machine
        return UTC


def local(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    if value is None:
        return "–"
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(_tz()).strftime(fmt)


TEMPLATES.env.globals.update(notice_local=local)


def _kit(settings: Settings) -> NoticeKit:
    try:
        return NoticeKit.from_settings(settings)
    except PlatformTableError as exc:
        raise HTTPException(500, f"Plattformstabellen kan inte läsas: {exc}") from exc


def item_panel(session, settings: Settings, item: ReviewItem, post: Post) -> dict:
    """What item.html needs for its notice section: existing notices and the create form."""
    notices = list(
        session.execute(
            select(TakedownNotice)
            .where(TakedownNotice.item_id == item.id)
            .order_by(TakedownNotice.id.desc())
        ).scalars()
    )
    kit = _kit(settings)
    default_platform = kit.table.default_for(post.platform, post.url)
    platforms = [(key, kit.table.get(key, "sv", post.url).name) for key in kit.table.keys]
    context = ItemContext(item, post, {})
    return {
        "notices": notices,
        "notice_can_create": ReviewStatus(item.status) in NOTICE_STATES,
        "notice_reasons": REASON_SV,
        "notice_platforms": platforms,
        "notice_default_platform": default_platform,
        "notice_default_reason": _default_reason(session, context),
        "notice_default_lang": kit.table.entries[default_platform].default_lang,
        "notice_langs": LANG_SV,
        "notice_removal": {n.id: format_duration(removal_time(n)) for n in notices},
    }


def _default_reason(session, context: ItemContext) -> str:
    context.result = latest_result(session, context.post.id)
    return context.default_reason()


def _facts_from_form(form) -> Facts:
    data = {name: form.get(name) == "on" for name in FACT_FLAGS}
    data["detail_kinds"] = [k for k in form.getlist("detail_kinds") if k in DETAIL_KINDS]
    data["sensitive_kinds"] = [k for k in form.getlist("sensitive_kinds") if k in SENSITIVE_KINDS]
    for name in ("copies", "accounts"):
        value = str(form.get(name) or "1")
        data[name] = int(value) if value.isdigit() and len(value) < 7 else 1
    data["narratives"] = [str(n) for n in form.getlist("narratives")][:12]
    data["police_report"] = str(form.get("police_report") or "")
    return Facts.from_dict(data)


def _sent_time(day: str, clock: str) -> datetime:
    now = datetime.now(UTC)
    if not day:
        return now
    if not _DATE.match(day) or (clock and not _TIME.match(clock)):
        raise NoticeError("Ange datum som ÅÅÅÅ-MM-DD och tid som TT:MM.")
    try:
        local_day = datetime.strptime(day, "%Y-%m-%d").date()
        local_time = datetime.strptime(clock, "%H:%M").time() if clock else time(12, 0)
    except ValueError as exc:
        raise NoticeError("Ogiltigt datum eller klockslag.") from exc
    when = datetime.combine(local_day, local_time, tzinfo=_tz()).astimezone(UTC)
    if not clock and local_day == now.astimezone(_tz()).date():
        return now  # sent today, time not given: now is the best estimate
    return when


def _filename(notice: TakedownNotice, ext: str) -> str:
    platform = re.sub(r"[^a-z0-9_-]", "", notice.platform) or "plattform"
    return f"anmalan-{notice.item_id}-{notice.id}-{platform}.{ext}"


def router(web: WebContext) -> APIRouter:
    routes = APIRouter()
    settings = web.runtime.settings

    def load_notice(session, notice_id: int) -> TakedownNotice:
        notice = session.get(TakedownNotice, notice_id)
        if notice is None:
            raise HTTPException(404, "Anmälan finns inte.")
        return notice

    def fail(exc: Exception) -> HTTPException:
        return HTTPException(409, str(exc))

    @routes.post("/items/{item_id:int}/notices")
    def create(
        request: Request,
        item_id: int,
        reason: str = Form(""),
        platform: str = Form(""),
        lang: str = Form(""),
        csrf: str = Form(""),
    ):
        user = web.require(request)
        web.check_csrf(request, csrf)
        kit = _kit(settings)
        if reason not in REASONS or lang not in LANGS or platform not in kit.table.entries:
            raise HTTPException(400, "Välj grund, plattform och språk.")
        with session_scope(web.runtime.engine) as session:
            try:
                context = load_context(session, item_id)
            except LookupError as exc:
                raise HTTPException(404, "Ärendet finns inte.") from exc
            try:
                notice = create_notice(
                    session,
                    kit,
                    context,
                    reason=reason,
                    platform_key=platform,
                    lang=lang,
                    facts=context.default_facts(),
                    actor=user.username,
                )
            except NoticeError as exc:
                raise fail(exc) from exc
            notice_id = notice.id
        return redirect(f"/notices/{notice_id}")

    @routes.get("/notices/{notice_id:int}")
    def edit_page(request: Request, notice_id: int):
        user = web.require(request)
        kit = _kit(settings)
        with session_scope(web.runtime.engine) as session:
            notice = load_notice(session, notice_id)
            context = load_context(session, notice.item_id)
            urls = urls_of(notice)
            platform = kit.platform(notice.platform, notice.lang, urls[0] if urls else "")
            facts = facts_of(notice)
            chosen = set(urls[1:])
            duplicates = context.duplicate_urls(kit.table, notice.platform)
            try:
                cited = grounds(notice.reason, facts, platform.rules)
                notes = warnings(notice.reason, facts, cited, platform.name)
            except NoticeError as exc:
                cited, notes = [], [str(exc)]
        now_local = datetime.now(UTC).astimezone(_tz())
        return web.render(
            request,
            "notice_edit.html",
            user,
            notice=notice,
            item=context.item,
            platform=platform,
            urls=urls,
            facts=facts,
            grounds=[GROUND_SV.get(g, g) for g in cited],
            warnings=notes,
            missing=missing(notice, kit),
            duplicates=[(url, url in chosen) for url in duplicates],
            fact_flags=FACT_FLAGS,
            detail_sv=DETAIL_SV,
            sensitive_sv=SENSITIVE_SV,
            reasons=REASON_SV,
            langs=LANG_SV,
            outcomes=OUTCOME_SV,
            removal=format_duration(removal_time(notice)),
            today=now_local.strftime("%Y-%m-%d"),
            clock=now_local.strftime("%H:%M"),
        )

    @routes.post("/notices/{notice_id:int}")
    def save(request: Request, notice_id: int, body: str = Form(""), csrf: str = Form("")):
        user = web.require(request)
        web.check_csrf(request, csrf)
        with session_scope(web.runtime.engine) as session:
            notice = load_notice(session, notice_id)
            try:
                save_body(session, notice, body, user.username)
            except NoticeError as exc:
                raise fail(exc) from exc
        return redirect(f"/notices/{notice_id}")

    @routes.post("/notices/{notice_id:int}/regenerate")
    async def regenerate_text(request: Request, notice_id: int):
        # async only to read the repeated fields (checkboxes); the work runs in the thread pool
        form = await request.form()
        return await run_in_threadpool(regenerate_sync, request, notice_id, form)

    def regenerate_sync(request: Request, notice_id: int, form) -> Response:
        user = web.require(request)
        web.check_csrf(request, str(form.get("csrf") or ""))
        lang = str(form.get("lang") or "")
        if lang not in LANGS:
            raise HTTPException(400, "Välj språk.")
        facts = _facts_from_form(form)
        extra = [str(u) for u in form.getlist("urls")]
        kit = _kit(settings)
        with session_scope(web.runtime.engine) as session:
            notice = load_notice(session, notice_id)
            context = load_context(session, notice.item_id)
            try:
                regenerate(
                    session,
                    kit,
                    context,
                    notice,
                    facts=facts,
                    lang=lang,
                    actor=user.username,
                    extra_urls=extra,
                )
            except NoticeError as exc:
                raise fail(exc) from exc
        return redirect(f"/notices/{notice_id}")

    @routes.post("/notices/{notice_id:int}/sent")
    def sent(
        request: Request,
        notice_id: int,
        day: str = Form(""),
        clock: str = Form(""),
        channel: str = Form(""),
        csrf: str = Form(""),
    ):
        user = web.require(request)
        web.check_csrf(request, csrf)
        with session_scope(web.runtime.engine) as session:
            notice = load_notice(session, notice_id)
            try:
                when = _sent_time(day.strip(), clock.strip())
                mark_sent(session, notice, when=when, channel=channel, actor=user.username)
            except NoticeError as exc:
                raise fail(exc) from exc
            item_id = notice.item_id
        return redirect(f"/items/{item_id}")

    @routes.post("/notices/{notice_id:int}/outcome")
    def outcome(
        request: Request,
        notice_id: int,
        to: str = Form(""),
        note: str = Form(""),
        csrf: str = Form(""),
    ):
        user = web.require(request)
        web.check_csrf(request, csrf)
        with session_scope(web.runtime.engine) as session:
            notice = load_notice(session, notice_id)
            try:
                record_outcome(
                    session,
                    notice,
                    to,
                    actor=user.username,
                    note=" ".join(note.split())[:500] or "Markerat för hand",
                )
            except NoticeError as exc:
                raise fail(exc) from exc
        return redirect(f"/notices/{notice_id}")

    @routes.get("/notices/{notice_id:int}.txt")
    def download_text(request: Request, notice_id: int):
        web.require(request)
        with session_scope(web.runtime.engine) as session:
            notice = load_notice(session, notice_id)
        return Response(
            notice.body.encode("utf-8"),
            media_type="text/plain; charset=utf-8",
            headers={"Content-Disposition": _attachment(_filename(notice, "txt"))},
        )

    @routes.get("/notices/{notice_id:int}.eml")
    def download_eml(request: Request, notice_id: int, to: str = ""):
        web.require(request)
        kit = _kit(settings)
        to = to.strip()
        if to and not valid_email(to):
            raise HTTPException(400, "Mottagarens e-postadress är ogiltig.")
        with session_scope(web.runtime.engine) as session:
            notice = load_notice(session, notice_id)
            urls = urls_of(notice)
            platform = kit.platform(notice.platform, notice.lang, urls[0] if urls else "")
        message = as_eml(notice.body, notice.subject, kit.org, to or platform.abuse_email)
        return Response(
            message,
            media_type="message/rfc822",
            headers={"Content-Disposition": _attachment(_filename(notice, "eml"))},
        )

    @routes.get("/notices")
    def notices_overview(request: Request):
        user = web.require(request)
        kit = _kit(settings)
        with session_scope(web.runtime.engine) as session:
            stats, total, latest = overview(session)
        names = {
            key: kit.table.get(key, "sv", "https://example.invalid/").name for key in kit.table.keys
        }
        return web.render(
            request,
            "notices.html",
            user,
            stats=stats,
            total=total,
            latest=[
                (notice, status, format_duration(removal_time(notice))) for notice, status in latest
            ],
            names=names,
            reasons=REASON_SV,
            outcomes=OUTCOME_SV,
        )

    return routes


def _attachment(filename: str) -> str:
    return f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}"
