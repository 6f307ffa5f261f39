"""A small SMTP server for the reminder tests, in a thread of the test process.

``zwijgt=True``: it accepts the TCP connection and then never answers, like a mail server that
hangs. Otherwise it speaks just enough SMTP for Django's backend and keeps every message it
accepted, so a test across processes can count what was delivered. ``wacht_op`` holds each
connection's first message until that many connections are open: two runs then demonstrably
hold their claims at the same moment.
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from dataclasses import dataclass, field


@dataclass
class Ontvangen:
    aan: list[str]
    onderwerp: str
    tekst: str


@dataclass
class Mailserver:
    zwijgt: bool = False
    wacht_op: int = 0
    ontvangen: list[Ontvangen] = field(default_factory=list)
    verbonden: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self._sok = socket.create_server(("127.0.0.1", 0))
        self.poort: int = self._sok.getsockname()[1]
        self._open: list[socket.socket] = []
        self._slot = threading.Lock()
        self._alle_verbonden = threading.Event()
        self._stop = threading.Event()
        threading.Thread(target=self._aannemen, daemon=True).start()

    def __enter__(self) -> Mailserver:
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._sok.close()
        with self._slot:
            for s in self._open:
                s.close()

    def aan(self) -> list[str]:
        """Every recipient of every accepted message, in order."""
        with self._slot:
            return [a for m in self.ontvangen for a in m.aan]

    def _aannemen(self) -> None:
        while not self._stop.is_set():
            try:
                verbinding, _adres = self._sok.accept()
            except OSError:
                return
            with self._slot:
                self._open.append(verbinding)
                if len(self._open) >= self.wacht_op:
                    self._alle_verbonden.set()
            self.verbonden.set()
            if not self.zwijgt:  # a silent server keeps the socket open and says nothing
                threading.Thread(target=self._praat, args=(verbinding,), daemon=True).start()

    def _praat(self, verbinding: socket.socket) -> None:
        bestand = verbinding.makefile("rb")

        def zeg(regel: str) -> None:
            verbinding.sendall(regel.encode() + b"\r\n")

        try:
            zeg("220 proef ESMTP")
            aan: list[str] = []
            eerste = True
            while regel := bestand.readline():
                opdracht = regel.decode(errors="replace").strip()
                woord = opdracht.split(" ", 1)[0].upper()
                if woord == "EHLO":
                    zeg("250-proef")
                    zeg("250 8BITMIME")
                elif woord == "RCPT":
                    aan.append(opdracht.split(":", 1)[1].strip().strip("<>"))
                    zeg("250 OK")
                elif woord == "DATA":
                    zeg("354 ga uw gang")
                    regels = []
                    while (r := bestand.readline()) not in (b".\r\n", b""):
                        regels.append(r[1:] if r.startswith(b"..") else r)
                    if eerste and self.wacht_op:
                        self._alle_verbonden.wait(timeout=60)
                    eerste = False
                    bericht = email.message_from_bytes(
                        b"".join(regels), policy=email.policy.default
                    )
                    tekst = bericht.get_body()
                    assert tekst is not None, "a message without a text body"
                    with self._slot:
                        self.ontvangen.append(
                            Ontvangen(aan, str(bericht["Subject"]), tekst.get_content())
                        )
                    aan = []
                    zeg("250 aangenomen")
                elif woord == "QUIT":
                    zeg("221 dag")
                    return
                else:  # HELO, MAIL, RSET, NOOP
                    zeg("250 OK")
        except OSError:
            return
        finally:
            verbinding.close()
