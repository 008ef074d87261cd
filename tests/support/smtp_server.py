"""A real SMTP server (aiosmtpd) on 127.0.0.1 with STARTTLS and login, collecting messages."""

from __future__ import annotations

import datetime
import ipaddress
import socket
import ssl
from email import message_from_bytes
from email.message import Message
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.support.hold import Hold

USER, PASSWORD = "socialvakt", "smtp-secret-for-tests"


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Collector:
    def __init__(self, hold: Hold | None, hold_at: str) -> None:
        self.messages: list[Message] = []
        self.hold, self.hold_at = hold, hold_at

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if self.hold and self.hold_at == "rcpt":  # before the message was sent
            await self.hold.wait_async()
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's naming)
        self.messages.append(message_from_bytes(envelope.content))
        if self.hold and self.hold_at == "data":  # kept, but the sender has no 250 yet
            await self.hold.wait_async()
        return "250 OK"


def _authenticator(user: str, password: str):
    def authenticate(server, session, envelope, mechanism, auth_data):
        # Compared as UTF-8 bytes: what RFC 4616 (SASL PLAIN) says a password is on the wire.
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            user.encode(),
            password.encode(),
        )
        # handled=False: aiosmtpd answers 535 itself; with its default (True) a refused login got
        # no answer at all and the client waited for its timeout.
        return AuthResult(success=ok, handled=False)

    return authenticate


class SmtpServer:
    """`hold` stops the first delivery at RCPT (nothing received) or after DATA (received, not
    yet confirmed); `mechanisms` limits what AUTH offers (aiosmtpd offers LOGIN and PLAIN)."""

    def __init__(
        self,
        folder: Path,
        password: str = PASSWORD,
        hold: Hold | None = None,
        hold_at: str = "rcpt",
        mechanisms: tuple[str, ...] = ("LOGIN", "PLAIN"),
    ) -> None:
        self.cert, key = self_signed_certificate(folder)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert, key)
        self.collector = _Collector(hold, hold_at)
        self.controller = Controller(
            self.collector,
            hostname="127.0.0.1",
            port=free_port(),
            tls_context=context,
            require_starttls=True,
            authenticator=_authenticator(USER, password),
            auth_require_tls=True,
            auth_exclude_mechanism=[m for m in ("LOGIN", "PLAIN") if m not in mechanisms],
        )

    @property
    def messages(self) -> list[Message]:
        return self.collector.messages

    @property
    def port(self) -> int:
        return self.controller.port

    def start(self) -> SmtpServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()
