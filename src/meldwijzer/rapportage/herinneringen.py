"""Reminders of upcoming and overdue termijnen, by e-mail (``meldwijzer herinneringen``).

For cron or a systemd timer. Each open termijn due within
``MELDWIJZER_HERINNERING_WERKDAGEN_VOORAF`` working days, or overdue, is mentioned once as
*binnenkort* and once as *verlopen* to the responsible professional and to the organisation's
aandachtsfunctionarissen. Each reminder is delivered exactly once (docs/deploy.md, 'Herinneringen:
precies één keer'): a run claims a recipient's reminders just before their e-mail goes out and
marks them sent only when the mail server accepted it; a failed e-mail or a stopped run gives its
claims back, and the claim of a run that died is taken over later (``rapportage/claims.py``).
Every wait on the mail server ends after ``EMAIL_TIMEOUT``, and a server that does not answer a
few times in a row is not tried again in the same run.

An e-mail never holds casus content: no kenmerk, no title, no names of those involved, not even
the kind of termijn — only that something is due, when, and a link to log in and look.
"""

from __future__ import annotations

import datetime as dt
import smtplib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from meldwijzer.accounts.models import Membership, Organisatie, User
from meldwijzer.accounts.permissions import RECHTEN, Recht
from meldwijzer.dossier.werkdagen import plus_werkdagen
from meldwijzer.rapportage import claims
from meldwijzer.rapportage.dashboard import binnenkort_werkdagen
from meldwijzer.rapportage.models import (
    Herinnering,
    HerinneringSoort,
    HerinneringStatus,
    Termijn,
)

MAX_PER_MAIL = 25  # links listed one by one; the rest is counted, with a link to the overview
BLOK = 500  # termijnen read at a time
# Failures in a row that may mean the mail server is down or hangs: then the run stops trying, so
# a dead server costs it a few timeouts, not one per recipient.
MAX_VERBINDINGSFOUTEN = 3
# Refusals that concern this one e-mail; the server itself works.
ALLEEN_DIT_BERICHT = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError)


@dataclass
class Samenvatting:
    termijnen: int = 0
    mails: int = 0
    binnenkort: int = 0
    verlopen: int = 0
    al_verzonden: int = 0
    zonder_email: set[int] = field(default_factory=set)
    mislukt: int = 0  # e-mails that failed
    overgeslagen: int = 0  # e-mails not tried: the mail server did not answer
    vrijgegeven: int = 0  # reminders given back for the next run
    overgenomen: int = 0  # claims of a run that died, taken over
    bezig: int = 0  # reminders another run holds and may be sending now
    gestopt: bool = False  # stopped by a signal before the end
    fouten: list[str] = field(default_factory=list)  # one Dutch line per problem

    def als_tekst(self) -> str:
        return (
            _(
                "Termijnen bekeken: %(termijnen)s; e-mails verstuurd: %(mails)s (binnenkort: "
                "%(binnenkort)s, verlopen: %(verlopen)s); al eerder gemeld: %(al)s; ontvangers "
                "zonder e-mailadres: %(zonder)s; e-mails mislukt: %(mislukt)s, niet geprobeerd: "
                "%(overgeslagen)s."
            )
            % {
                "termijnen": self.termijnen,
                "mails": self.mails,
                "binnenkort": self.binnenkort,
                "verlopen": self.verlopen,
                "al": self.al_verzonden,
                "zonder": len(self.zonder_email),
                "mislukt": self.mislukt,
                "overgeslagen": self.overgeslagen,
            }
            + "\n"
            + _(
                "Claims: herinneringen vrijgegeven voor de volgende run: %(vrijgegeven)s; "
                "achtergebleven claims overgenomen: %(overgenomen)s; bezig in een andere run: "
                "%(bezig)s."
            )
            % {
                "vrijgegeven": self.vrijgegeven,
                "overgenomen": self.overgenomen,
                "bezig": self.bezig,
            }
        )


class Gestopt(BaseException):
    """The run was asked to stop while an e-mail was on its way. Not an ``Exception``: nothing on
    the way out (smtplib, Django's backend, our own failure handling) may take it for a failed
    e-mail and carry on."""


class NietAangenomen(Exception):
    """The backend reported nothing sent, without an error (``fail_silently``)."""


class Stopsein:
    """The run's handler for SIGTERM and SIGINT (installed by the command).

    The run stops after the recipient in hand; while an e-mail waits on the mail server it stops
    at once (``Gestopt`` out of the wait), and that e-mail's claims are given back like a failed
    one's. Outside a send nothing is interrupted, so a claim is never left half written.
    """

    def __init__(self) -> None:
        self.signaal: int | None = None
        self._verzendt = False

    def __call__(self, signum: int, _frame: Any) -> None:
        self.signaal = signum
        if self._verzendt:
            self._verzendt = False
            raise Gestopt

    @contextmanager
    def verzending(self) -> Iterator[None]:
        if self.signaal is not None:
            raise Gestopt
        self._verzendt = True
        try:
            yield
        finally:
            self._verzendt = False


@dataclass(frozen=True)
class Melding:
    """One termijn to mention to one recipient."""

    termijn_id: int
    casus_uuid: str
    soort: str  # HerinneringSoort
    uiterlijk: dt.date


def basis_url() -> str:
    return str(getattr(settings, "MELDWIJZER_BASIS_URL", "http://127.0.0.1:8000")).rstrip("/")


AF_ROLLEN = frozenset(r for r, rechten in RECHTEN.items() if Recht.ALLE_CASUSSEN in rechten)


def _aandachtsfunctionarissen(organisatie_id: int) -> list[int]:
    return list(
        Membership.objects.filter(
            organisatie_id=organisatie_id, rol__in=AF_ROLLEN, actief=True, user__is_active=True
        ).values_list("user_id", flat=True)
    )


def _te_melden(
    organisatie_id: int, tot: dt.date, vandaag: dt.date, samenvatting: Samenvatting
) -> dict[int, list[Melding]]:
    """Per recipient: the termijnen not yet mentioned to them in this kind, for this due date."""
    afs = _aandachtsfunctionarissen(organisatie_id)
    per_ontvanger: dict[int, list[Melding]] = defaultdict(list)
    termijnen = (
        Termijn.objects.filter(organisatie_id=organisatie_id, open=True, uiterlijk__lte=tot)
        .order_by("uiterlijk", "pk")
        .values_list("pk", "casus__uuid", "verantwoordelijke_id", "uiterlijk")
    )
    blok: list[tuple[int, object, int, dt.date]] = []
    verlopen_claim = timezone.now() - claims.vervalt_na()

    def verwerk() -> None:
        gemeld = {
            (termijn, ontvanger, soort, uiterlijk): (status, geclaimd_op)
            for termijn, ontvanger, soort, uiterlijk, status, geclaimd_op in (
                Herinnering.objects.filter(termijn_id__in=[t[0] for t in blok]).values_list(
                    "termijn_id", "ontvanger_id", "soort", "uiterlijk", "status", "geclaimd_op"
                )
            )
        }
        for pk, uuid, wie, uiterlijk in blok:
            soort = (
                HerinneringSoort.VERLOPEN if uiterlijk < vandaag else HerinneringSoort.BINNENKORT
            )
            samenvatting.termijnen += 1
            for ontvanger in dict.fromkeys([wie, *afs]):
                status, geclaimd_op = gemeld.get(
                    (pk, ontvanger, soort.value, uiterlijk), (None, None)
                )
                if status == HerinneringStatus.VERZONDEN:
                    samenvatting.al_verzonden += 1
                elif (
                    status == HerinneringStatus.GECLAIMD
                    and geclaimd_op is not None  # None only for a reminder not yet made
                    and geclaimd_op >= verlopen_claim
                ):
                    samenvatting.bezig += 1
                else:  # not yet claimed, or a claim of a run that died: claim() takes it over
                    per_ontvanger[ontvanger].append(Melding(pk, str(uuid), soort.value, uiterlijk))
        blok.clear()

    for rij in termijnen.iterator(chunk_size=BLOK):
        blok.append(rij)
        if len(blok) >= BLOK:
            verwerk()
    if blok:
        verwerk()
    return per_ontvanger


def bericht(ontvanger: User, meldingen: list[Melding], basis: str, af: bool) -> EmailMessage:
    """The e-mail: counts, due dates and links. Nothing of the casus itself."""
    with translation.override(settings.LANGUAGE_CODE):
        verlopen = [m for m in meldingen if m.soort == HerinneringSoort.VERLOPEN]
        binnenkort = [m for m in meldingen if m.soort == HerinneringSoort.BINNENKORT]
        context = {
            "naam": ontvanger.get_full_name() or ontvanger.username,
            "verlopen": verlopen,
            "binnenkort": binnenkort,
            "regels": [
                (m, basis + reverse("web:casus", args=[m.casus_uuid]))
                for m in (verlopen + binnenkort)[:MAX_PER_MAIL]
            ],
            "meer": max(0, len(meldingen) - MAX_PER_MAIL),
            "overzicht": basis + reverse("web:termijnen") + ("?alle=1" if af else ""),
        }
        return EmailMessage(
            subject=_("Meldwijzer: termijnen die uw aandacht vragen"),
            body=render_to_string("rapportage/herinnering.txt", context),
            to=[ontvanger.email],
        )


VERSTUURD, NIETS, GEWEIGERD, GEEN_VERBINDING = "verstuurd", "niets", "geweigerd", "verbinding"


def _verstuur_aan(
    run: str,
    ontvanger: User,
    meldingen: list[Melding],
    basis: str,
    af: bool,
    verbinding: Any,
    stop: Stopsein | None,
    samenvatting: Samenvatting,
) -> str:
    """Claim one recipient's reminders, send the e-mail, mark them sent. A failure or a stop
    gives the claims back (a stop then raises ``Gestopt`` on)."""
    c = claims.claim(run, ontvanger.pk, meldingen)
    samenvatting.overgenomen += c.overgenomen
    samenvatting.bezig += c.bezig
    samenvatting.al_verzonden += c.al_verzonden
    if not c.geclaimd:
        return NIETS
    pks = [pk for _m, pk in c.geclaimd]
    try:
        with stop.verzending() if stop is not None else nullcontext():
            # Opened here, not by send_messages: that would end the connection with a QUIT after
            # the message, and a server hanging there would fail an e-mail it had accepted.
            verbinding.open()
            verstuurd = verbinding.send_messages(
                [bericht(ontvanger, [m for m, _pk in c.geclaimd], basis, af)]
            )
        if verstuurd == 0:  # a backend set to fail silently
            raise NietAangenomen
    except Gestopt:
        samenvatting.vrijgegeven += claims.geef_vrij(run, pks)
        raise
    except Exception as fout:
        vrij = claims.geef_vrij(run, pks)
        samenvatting.mislukt += 1
        samenvatting.vrijgegeven += vrij
        samenvatting.fouten.append(
            _(
                "E-mail aan gebruiker %(id)s niet verstuurd: %(reden)s. %(aantal)s herinneringen "
                "vrijgegeven; de volgende run probeert ze opnieuw."
            )
            % {"id": ontvanger.pk, "reden": _reden(fout), "aantal": vrij}
        )
        return GEWEIGERD if isinstance(fout, ALLEEN_DIT_BERICHT) else GEEN_VERBINDING
    # Accepted by the mail server: from here on the reminders are sent.
    if claims.markeer_verzonden(run, c.geclaimd) < len(c.geclaimd):
        samenvatting.fouten.append(
            _(
                "Herinneringen aan gebruiker %(id)s zijn tijdens het versturen door een andere run "
                "overgenomen; deze ontvanger krijgt ze mogelijk twee keer. Zet "
                "MELDWIJZER_HERINNERING_CLAIM_VERVALT_NA hoger."
            )
            % {"id": ontvanger.pk}
        )
    samenvatting.mails += 1
    for m, _pk in c.geclaimd:
        if m.soort == HerinneringSoort.VERLOPEN:
            samenvatting.verlopen += 1
        else:
            samenvatting.binnenkort += 1
    return VERSTUURD


def _reden(fout: Exception) -> str:
    """Why an e-mail failed, in words an operator acts on."""
    keten: list[BaseException] = []  # smtplib reports a timeout as a lost connection
    oorzaak: BaseException | None = fout
    while oorzaak is not None and len(keten) < 5:
        keten.append(oorzaak)
        oorzaak = oorzaak.__cause__ or oorzaak.__context__
    if any(isinstance(f, TimeoutError) for f in keten):
        seconden = settings.EMAIL_TIMEOUT
        return _("de mailserver antwoordde niet binnen %(seconden)s seconden (EMAIL_TIMEOUT)") % {
            "seconden": f"{seconden:g}" if isinstance(seconden, int | float) else seconden
        }
    if isinstance(fout, NietAangenomen):
        return _("de mailserver nam de e-mail niet aan")
    if isinstance(fout, smtplib.SMTPRecipientsRefused):
        return _("de mailserver weigerde het adres")
    if isinstance(fout, ConnectionRefusedError):
        return _("de mailserver weigerde de verbinding (kloppen EMAIL_HOST en EMAIL_PORT?)")
    return f"{type(fout).__name__}: {fout}"


def _verbreek(verbinding: Any) -> None:
    """Drop the SMTP connection without QUIT: a server that hangs would keep a QUIT waiting too.
    (The attributes are those of Django's SMTP backend; other backends have none.)"""
    for naam in ("connection", "_partial_connection"):
        smtp = getattr(verbinding, naam, None)
        if smtp is not None:
            with suppress(OSError):
                smtp.close()  # smtplib: closes the socket, says nothing to the server
            setattr(verbinding, naam, None)


def _sluit(verbinding: Any) -> None:
    """End the connection politely; every e-mail is marked already, so a failure is no matter."""
    try:
        verbinding.close()
    except Exception:
        _verbreek(verbinding)


def verstuur(
    *,
    vandaag: dt.date | None = None,
    organisaties: Iterable[int] | None = None,
    basis: str | None = None,
    voortgang: Callable[[int, int], None] | None = None,
    stop: Stopsein | None = None,
) -> Samenvatting:
    """Send what is due; returns the summary. ``voortgang(gedaan, totaal)`` after each recipient.

    However the run ends — after the last recipient, on ``stop``, by an exception — it gives back
    the claims it still holds first.
    """
    vandaag = vandaag or timezone.localdate()
    tot = plus_werkdagen(vandaag, binnenkort_werkdagen())
    basis = (basis or basis_url()).rstrip("/")
    samenvatting = Samenvatting()
    werk = _werk(organisaties, tot, vandaag, samenvatting)
    gebruikers = User.objects.in_bulk({w[0] for w in werk})
    run = claims.nieuwe_run()
    verbinding = get_connection()
    op_rij = 0  # failures in a row that may be the server's
    try:
        for gedaan, (ontvanger_id, meldingen, af) in enumerate(werk, start=1):
            if stop is not None and stop.signaal is not None:
                samenvatting.gestopt = True
                break
            ontvanger = gebruikers[ontvanger_id]
            if not ontvanger.email or not ontvanger.is_active:
                samenvatting.zonder_email.add(ontvanger_id)
            elif op_rij >= MAX_VERBINDINGSFOUTEN:
                samenvatting.overgeslagen += 1
            else:
                try:
                    uitkomst = _verstuur_aan(
                        run, ontvanger, meldingen, basis, af, verbinding, stop, samenvatting
                    )
                except Gestopt:
                    samenvatting.gestopt = True
                    break
                if uitkomst == GEEN_VERBINDING:
                    op_rij += 1
                    _verbreek(verbinding)
                    verbinding = get_connection()
                elif uitkomst != NIETS:
                    op_rij = 0
            if voortgang is not None:
                voortgang(gedaan, len(werk))
    finally:
        _rond_af(run, verbinding, samenvatting)
    _meld_overgeslagen(samenvatting)
    return samenvatting


def _rond_af(run: str, verbinding: Any, samenvatting: Samenvatting) -> None:
    """The claims still held given back, the connection closed (cut when stopped)."""
    samenvatting.vrijgegeven += claims.geef_vrij(run)
    if samenvatting.gestopt:
        _verbreek(verbinding)
    else:
        _sluit(verbinding)


def _meld_overgeslagen(samenvatting: Samenvatting) -> None:
    """A mail server that kept failing, named in the summary with what to check."""
    if samenvatting.overgeslagen:
        samenvatting.fouten.append(
            _(
                "De mailserver gaf %(keer)s keer achter elkaar geen gehoor; %(aantal)s e-mails "
                "niet geprobeerd. De volgende run probeert ze opnieuw; controleer intussen "
                "EMAIL_HOST, EMAIL_PORT en de mailserver."
            )
            % {"keer": MAX_VERBINDINGSFOUTEN, "aantal": samenvatting.overgeslagen}
        )


def _werk(
    organisaties: Iterable[int] | None,
    tot: dt.date,
    vandaag: dt.date,
    samenvatting: Samenvatting,
) -> list[tuple[int, list[Melding], bool]]:
    """Per recipient what is due, and whether they are an aandachtsfunctionaris; of the given
    organisations, or of every active one."""
    org_ids = (
        list(organisaties)
        if organisaties is not None
        else list(Organisatie.objects.filter(actief=True).values_list("pk", flat=True))
    )
    werk: list[tuple[int, list[Melding], bool]] = []
    for org in org_ids:
        afs = set(_aandachtsfunctionarissen(org))
        for ontvanger, meldingen in _te_melden(org, tot, vandaag, samenvatting).items():
            werk.append((ontvanger, meldingen, ontvanger in afs))
    return werk
