"""What every request handler needs: the runtime, the signed-in user, CSRF checks, templates."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fastapi import HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from models.enums import Role
from models.tables import User
from monitor.db import session_scope
from monitor.runtime import Runtime
from monitor.secretkey import derive, read_secret_key
from monitor.web.sessions import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    SESSION_SECONDS,
    LoginLimiter,
    SessionSigner,
    new_browser_secret,
    password_fingerprint,
)

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))

ROLE_SV = {"communications": "kommunikation", "security": "säkerhet", "admin": "administratör"}
STATUS_SV = {
    "new": "Ny",
    "in_review": "Granskas",
    "confirmed": "Bekräftad",
    "dismissed": "Avfärdad",
    "notice_sent": "Anmäld",
    "removed": "Borttagen",
    "refused": "Nekad",
    "still_online": "Ligger kvar",
    "escalated": "Eskalerad",
}
LABEL_SV = {"lvu_disinfo": "LVU-desinformation", "threat": "Hot", "doxxing": "Doxning"}
SEVERITY_SV = {"none": "–", "low": "Låg", "medium": "Medel", "high": "Hög", "critical": "Kritisk"}
# The doxxing detector explains itself in English (classifiers/doxxing/severity.py);
# staff read Swedish.
REASON_SV = {
    "named staff with role": "namngiven medarbetare med roll",
    "registered staff named": "registrerad medarbetare namngiven",
    "social worker identified by role": "socialarbetare utpekad genom sin roll",
    "person named beside a social-services role": (
        "person namngiven bredvid en roll inom socialtjänsten"
    ),
    "person named in a post about social services": (
        "person namngiven i ett inlägg om socialtjänsten"
    ),
    "hostile exposure": "fientlig uthängning",
    "written against the person (learned from labelled posts)": (
        "skrivet mot personen (inlärt från granskade inlägg)"
    ),
    "exposes more than name and role (learned from labelled posts)": (
        "röjer mer än namn och roll (inlärt från granskade inlägg)"
    ),
    "neutral or thankful context": "neutralt eller tackande sammanhang",
    "personnummer": "personnummer",
    "samordningsnummer": "samordningsnummer",
    "home address": "hemadress",
    "home address (people-search link)": "hemadress (länk till upplysningstjänst)",
    "postal code": "postnummer",
    "child's school or preschool": "barnets skola eller förskola",
    "family members": "familjemedlemmar",
    "routines or whereabouts": "vanor eller var personen finns",
    "private phone number": "privat telefonnummer",
    "private landline number": "privat fast telefonnummer",
    "private e-mail": "privat e-postadress",
    "car registration plate": "bilens registreringsnummer",
    "car described": "bilen beskriven",
    "social-media account": "konto i sociala medier",
    "filmed": "filmad",
    "call to contact or visit": "uppmaning att kontakta eller besöka",
    "threat": "hot",
    "veiled threat": "förtäckt hot",
}
TEMPLATES.env.globals.update(
    ROLE_SV=ROLE_SV,
    STATUS_SV=STATUS_SV,
    LABEL_SV=LABEL_SV,
    SEVERITY_SV=SEVERITY_SV,
    REASON_SV=REASON_SV,
)


class LoginRequired(Exception):  # noqa: N818  (control flow, handled by a redirect)
    pass


@dataclass
class WebContext:
    runtime: Runtime
    signer: SessionSigner
    limiter: LoginLimiter

    @classmethod
    def create(cls, runtime: Runtime) -> WebContext:
        key = derive(read_secret_key(runtime.settings.secret_key_path), "web-sessions")
        return cls(runtime, SessionSigner(key), LoginLimiter())

    @property
    def secure_cookies(self) -> bool:
        return self.runtime.settings.web.secure_cookies

    def user(self, request: Request) -> User | None:
        data = self.signer.read(request.cookies.get(SESSION_COOKIE))
        if data is None:
            return None
        with session_scope(self.runtime.engine) as session:
            user = session.get(User, data["u"])
        if user is None or user.disabled or password_fingerprint(user.password_hash) != data["f"]:
            return None
        return user

    def require(self, request: Request, *roles: Role) -> User:
        user = self.user(request)
        if user is None:
            raise LoginRequired
        if user.must_change_password and request.url.path != "/password":
            raise HTTPException(status_code=303, headers={"Location": "/password"})
        if roles and Role(user.role) not in roles and Role(user.role) != Role.ADMIN:
            raise HTTPException(
                status_code=403, detail="Du har inte behörighet till den här sidan."
            )
        return user

    def browser_secret(self, request: Request) -> str:
        return request.cookies.get(CSRF_COOKIE) or request.state.__dict__.setdefault(
            "new_browser_secret", new_browser_secret()
        )

    def check_csrf(self, request: Request, token: str | None) -> None:
        if not self.signer.csrf_ok(request.cookies.get(CSRF_COOKIE), token):
            raise HTTPException(
                status_code=403, detail="Formuläret har gått ut. Ladda om sidan och försök igen."
            )

    def render(
        self, request: Request, template: str, user: User | None, status_code: int = 200, **values
    ) -> Response:
        secret = self.browser_secret(request)
        response = TEMPLATES.TemplateResponse(
            request,
            template,
            {"user": user, "csrf": self.signer.csrf_token(secret), **values},
            status_code=status_code,
        )
        self.set_browser_secret(request, response)
        return response

    def start_session(self, response: Response, user: User, password_hash: str) -> None:
        response.set_cookie(
            SESSION_COOKIE,
            self.signer.issue(user.id, password_hash),
            max_age=SESSION_SECONDS,
            httponly=True,
            samesite="strict",
            secure=self.secure_cookies,
        )

    def set_browser_secret(self, request: Request, response: Response) -> None:
        if CSRF_COOKIE not in request.cookies:
            response.set_cookie(
                CSRF_COOKIE,
                self.browser_secret(request),
                httponly=True,
                samesite="strict",
                secure=self.secure_cookies,
            )


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)
