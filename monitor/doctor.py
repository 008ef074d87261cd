"""`socialvakt doctor`: check every part an installation needs and say, in plain words, what to fix.

Each check gives one line: OK, WARN (works, but look at it) or FAIL (something will not work).
Nothing is changed and nothing is sent: the database is only read (a missing SQLite file is not
created), sources get one GET each, the mail server is greeted but given no message, and each
webhook gets a HEAD request, never an alert.
"""

from __future__ import annotations

import asyncio
import os
import smtplib
import socket
import ssl
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from models.tables import Post, ReviewItem, StaffMember
from monitor.config import ConfigError, EmailSettings, Settings, WebhookSettings, load_config
from monitor.db import alembic_config, make_engine, session_scope
from monitor.mailserver import SMTPLoginError, login
from scrapers.http import FetchError, HttpClient
from scrapers.settings import SourceBase

OK, WARN, FAIL = "OK", "WARN", "FAIL"
DEFAULT_TIMEOUT = 5.0


@dataclass(frozen=True)
class Check:
    name: str
    status: str
    message: str

    def line(self) -> str:
        return f"{self.status:<4}  {self.name}: {self.message}"


def _reason(exc: BaseException) -> str:
    """An exception as a short phrase for IT, without a traceback."""
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused (nothing listens there, or a firewall says no)"
    if isinstance(exc, TimeoutError | socket.timeout):
        return "no answer in time (a firewall may drop the traffic)"
    if isinstance(exc, socket.gaierror):
        return "the host name does not resolve (check the name and DNS)"
    # SQLAlchemy wraps the driver's error and appends a link; the driver's own message says it,
    # over several lines (psycopg: "...Connection refused\n\tIs the server running...").
    orig = getattr(exc, "orig", None)
    if isinstance(orig, BaseException):
        exc = orig
    text_ = " ".join(str(exc).split()) or type(exc).__name__
    return text_[:300]


# -- config ---------------------------------------------------------------------------------


def check_config(path: Path) -> tuple[Check, Settings | None]:
    try:
        settings = load_config(path)
    except ConfigError as exc:
        first, *rest = str(exc).splitlines()
        more = f" (and {len(rest)} more problem(s); `socialvakt check-config` lists all)"
        return Check(
            "config", FAIL, f"{first}{more if rest else ''}: fix this line and run doctor again"
        ), None
    enabled = sum(source.enabled for source in settings.sources)
    return Check("config", OK, f"{path} loaded ({enabled} enabled source(s))"), settings


# -- database -------------------------------------------------------------------------------


def _sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def check_database(settings: Settings) -> Check:
    url = settings.database_url
    shown = make_url(url).render_as_string(hide_password=True)
    file = _sqlite_file(url)
    if file is not None and not file.exists():
        return Check(
            "database", FAIL, f"no database file at {file}: run `socialvakt init` to create it"
        )
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = set(MigrationContext.configure(connection).get_current_heads())
    except Exception as exc:
        return Check(
            "database",
            FAIL,
            f"cannot open {shown}: {_reason(exc)}; check database.url and that the database "
            "server runs and lets this user in",
        )
    finally:
        engine.dispose()
    script = ScriptDirectory.from_config(alembic_config(url))
    heads = set(script.get_heads())
    known = {revision.revision for revision in script.walk_revisions()}
    if not current:
        return Check(
            "database",
            FAIL,
            f"{shown} has no Socialvakt tables (never set up): run `socialvakt init`",
        )
    if current - known:
        return Check(
            "database",
            FAIL,
            f"the database schema is at revision {', '.join(sorted(current))}, which this "
            "version of Socialvakt does not know (a newer version wrote it): install that "
            "version again, or restore a backup made with this one",
        )
    if current != heads:
        return Check(
            "database",
            FAIL,
            f"the database schema is at revision {', '.join(sorted(current))}, this version "
            f"needs {', '.join(sorted(heads))}: back up the database, then run "
            "`socialvakt init` to upgrade it",
        )
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            posts = session.execute(select(func.count()).select_from(Post)).scalar_one()
            items = session.execute(select(func.count()).select_from(ReviewItem)).scalar_one()
    finally:
        engine.dispose()
    return Check(
        "database",
        OK,
        f"{shown}: schema up to date ({', '.join(sorted(heads))}), {posts:,} posts, "
        f"{items:,} review items",
    )


# -- secret key -----------------------------------------------------------------------------


def check_secret_key(settings: Settings, database_ok: bool) -> Check:
    from monitor.secretkey import SecretKeyError, read_secret_key
    from monitor.staff_registry import RegistryCipher, RegistryKeyError

    path = settings.secret_key_path
    if not path.exists():
        return Check(
            "secret key",
            FAIL,
            f"no key file at {path}: restore it from your backup (without it the staff registry "
            "cannot be read); on a new installation `socialvakt init` creates one",
        )
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        return Check(
            "secret key",
            FAIL,
            f"{path} has mode {mode:04o}, so other users can read it: run `chmod 600 {path}` "
            "(as the user the service runs as)",
        )
    try:
        read_secret_key(path)
    except (SecretKeyError, OSError) as exc:
        return Check("secret key", FAIL, f"{_reason(exc)}")
    if database_ok:
        engine = make_engine(settings.database_url)
        try:
            with session_scope(engine) as session:
                row = session.execute(select(StaffMember).limit(1)).scalars().first()
            if row is not None:
                RegistryCipher.from_settings(settings).open(row.payload)
        except RegistryKeyError:
            return Check(
                "secret key",
                FAIL,
                f"{path} is not the key the staff registry was encrypted with: restore the "
                "key file that belongs to this database, or import the staff list again",
            )
        finally:
            engine.dispose()
    return Check("secret key", OK, f"{path} (mode {mode:04o})")


# -- model ----------------------------------------------------------------------------------


def check_model(settings: Settings) -> Check:
    from classifiers import artifact
    from monitor.modelstore import shipped_data_hash

    path = settings.model_path
    if not path.exists():
        return Check(
            "model",
            WARN,
            f"no model at {path}: the service trains one at start (a minute or two); "
            "run `socialvakt init` or `socialvakt train` to do it now",
        )
    try:
        model = artifact.load(path)
    except artifact.UntrustedModelError as exc:
        return Check(
            "model",
            FAIL,
            f"{_reason(exc)}; it is not loaded. Delete the file and run `socialvakt train` "
            "to train a new one",
        )
    trained_on = model.meta.get("shipped_corpus_hash") or model.meta.get("corpus_hash", "")
    if trained_on != shipped_data_hash():
        return Check(
            "model",
            WARN,
            f"{path} ({model.version}) was trained on another version of the shipped corpus: "
            "run `socialvakt train` (with --from-reviews if you use review decisions) to "
            "retrain it on this version's",
        )
    return Check("model", OK, f"{path} ({model.version}, trained {model.meta.get('trained_at')})")


# -- sources --------------------------------------------------------------------------------


def probe_target(source: SourceBase) -> tuple[str, bool] | None:
    """The URL one GET checks, and whether it must answer 2xx (a page or feed we read) or any
    HTTP answer will do (an API's root, which often says 404 to a bare GET)."""
    pages = getattr(source, "pages", None)
    if pages:
        return pages[0], True
    if hasattr(source, "start_url"):
        return source.start_url, True
    url = getattr(source, "url", None)
    if url is not None:
        return str(url), True
    default = getattr(sys.modules[type(source).__module__], "DEFAULT_BASE", "")
    if source.kind == "telegram":
        return f"{source.api_base(default)}/s/{source.channel}", True
    base = source.api_base(default)
    return (base + "/", False) if base else None


async def _check_source(http: HttpClient, source: SourceBase) -> Check:
    name = f"source {source.id}"
    problem = source.startup_problem()
    if problem:
        return Check(name, FAIL, problem)
    if source.kind == "import":
        folder = Path(source.path)
        if not folder.is_dir():
            return Check(name, FAIL, f"the import folder {folder} does not exist: create it")
        if not os.access(folder, os.R_OK | os.W_OK | os.X_OK):
            return Check(
                name, FAIL, f"the service user cannot read and write {folder}: fix its owner"
            )
        return Check(name, OK, f"import folder {folder} is there")
    target = probe_target(source)
    if target is None:
        return Check(name, WARN, "no address to check for this kind of source")
    url, strict = target
    try:
        fetched = await http.get(url, max_bytes=2 * 1024 * 1024)
    except FetchError as exc:
        status = getattr(exc, "status", None)
        if status is None:
            host = urlsplit(url).netloc
            return Check(
                name,
                FAIL,
                f"cannot reach {host}: {_cause(exc)}; check the address in config.yaml and that "
                "this server may make outgoing HTTP(S) connections (firewall, proxy)",
            )
        if not strict and status < 500:
            return Check(name, OK, f"{url} answers (HTTP {status})")
        if status >= 500:
            return Check(
                name, WARN, f"{url} answers HTTP {status} (a fault at their end); try again later"
            )
        return Check(
            name,
            FAIL,
            f"{url} answers HTTP {status}: check the address in config.yaml"
            + (" (the site may refuse automated clients)" if status in (401, 403, 429) else ""),
        )
    except Exception as exc:  # a probe never crashes the doctor
        return Check(name, FAIL, f"{url}: {_reason(exc)}")
    return Check(name, OK, f"{url} answers (HTTP {fetched.status})")


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and everything behind it: causes, contexts and grouped exceptions."""
    seen: list[BaseException] = []
    todo = [exc]
    while todo:
        current = todo.pop(0)
        if current is None or any(current is s for s in seen):
            continue
        seen.append(current)
        todo += [current.__cause__, current.__context__, *getattr(current, "exceptions", ())]
    return seen


def _cause(exc: BaseException) -> str:
    """The root cause of a failed connection (refused, timed out, DNS) in plain words."""
    chain = _chain(exc)
    for kind in (ConnectionRefusedError, socket.gaierror, TimeoutError):
        for candidate in chain:
            if isinstance(candidate, kind):
                return _reason(candidate)
    message = str(exc)
    if "timed out" in message or "Timeout" in message:
        return "no answer in time (a firewall may drop the traffic)"
    return message.split(": ", 1)[-1][:300]


async def check_sources(settings: Settings, timeout: float) -> list[Check]:
    sources = [source for source in settings.sources if source.enabled]
    if not sources:
        return [Check("sources", WARN, "no enabled source: nothing is watched (see `sources:`)")]
    async with HttpClient(
        settings.http.contact,
        timeout=timeout,
        retries=0,
        per_host_interval=0,
        obey_robots=False,
    ) as http:
        return list(await asyncio.gather(*(_check_source(http, s) for s in sources)))


# -- alerts ---------------------------------------------------------------------------------


def check_smtp(email: EmailSettings, timeout: float) -> Check:
    where = f"{email.host}:{email.port}"
    step = "connect"
    try:
        with smtplib.SMTP(email.host, email.port, timeout=timeout) as smtp:
            step = "EHLO"
            smtp.ehlo()
            if email.starttls:
                if not smtp.has_extn("starttls"):
                    return Check(
                        "smtp",
                        FAIL,
                        f"{where} does not offer STARTTLS: use the mail relay's submission port "
                        "(usually 587), or ask the mail administrator",
                    )
                step = "STARTTLS"
                smtp.starttls(context=ssl.create_default_context(cafile=email.ca_file))
                smtp.ehlo()
            if email.username:
                if email.password is None:
                    return Check(
                        "smtp",
                        FAIL,
                        f"{where} answers, but the password variable {email.password_env} is "
                        "not set in the service's environment (e.g. /etc/socialvakt/env)",
                    )
                step = "login"
                login(smtp, email)
            smtp.noop()
    except SMTPLoginError as exc:
        return Check("smtp", FAIL, str(exc))
    except (ssl.SSLError, ssl.CertificateError) as exc:
        return Check(
            "smtp",
            FAIL,
            f"STARTTLS with {where} failed ({_reason(exc)}): if the relay uses an internal "
            "certificate authority, set alerts.email.ca_file to its certificate",
        )
    except FileNotFoundError as exc:
        return Check("smtp", FAIL, f"alerts.email.ca_file not found: {exc.filename}")
    except (OSError, smtplib.SMTPException) as exc:
        return Check(
            "smtp",
            FAIL,
            f"{step} to {where} failed: {_reason(exc)}; check alerts.email.host and port and "
            "that the firewall lets this server reach the mail relay",
        )
    auth = f", logged in as {email.username}" if email.username else ""
    tls = ", STARTTLS" if email.starttls else ", WITHOUT TLS"
    return Check("smtp", OK, f"{where} answers{tls}{auth} (no message sent)")


def check_webhook(hook: WebhookSettings, timeout: float) -> Check:
    name = f"webhook {hook.name}"
    if hook.token_env and not os.environ.get(hook.token_env):
        return Check(
            name, FAIL, f"the token variable {hook.token_env} is not set in the environment"
        )
    url = str(hook.url)
    host = urlsplit(url).netloc
    try:
        response = httpx.head(url, timeout=timeout, follow_redirects=False)
    except httpx.HTTPError as exc:
        reason = _cause(exc)
        return Check(
            name,
            FAIL,
            f"cannot reach {host}: {reason}; check alerts.webhooks url and that the firewall "
            "or proxy lets this server reach it",
        )
    if response.status_code in (404, 410):
        return Check(
            name,
            WARN,
            f"{host} answers HTTP {response.status_code} for this address: the webhook may "
            "have been deleted; check the URL (nothing was sent)",
        )
    return Check(name, OK, f"{host} answers (HTTP {response.status_code} to HEAD; nothing sent)")


def check_alerts(settings: Settings, timeout: float) -> list[Check]:
    alerts = settings.alerts
    checks = []
    if alerts.email is None and not alerts.webhooks:
        checks.append(
            Check(
                "alerts",
                WARN,
                "no alert channel (alerts.email or alerts.webhooks): the security unit is not "
                "told about doxxing and threats",
            )
        )
    if alerts.email is not None:
        checks.append(check_smtp(alerts.email, timeout))
    checks += [check_webhook(hook, timeout) for hook in alerts.webhooks]
    return checks


# -- all ------------------------------------------------------------------------------------


def run_checks(config_path: Path, timeout: float = DEFAULT_TIMEOUT) -> list[Check]:
    config, settings = check_config(config_path)
    if settings is None:
        return [config]
    checks = [config, check_database(settings)]
    checks.append(check_secret_key(settings, database_ok=checks[-1].status == OK))
    checks.append(check_model(settings))
    checks += asyncio.run(check_sources(settings, timeout))
    checks += check_alerts(settings, timeout)
    return checks
