"""Reminders of upcoming and overdue termijnen, by e-mail (``meldwijzer herinneringen``).

For cron or a systemd timer. Each open termijn due within
``MELDWIJZER_HERINNERING_WERKDAGEN_VOORAF`` working days, or overdue, is mentioned once as
*binnenkort* and once as *verlopen* to the responsible professional and to the organisation's
aandachtsfunctionarissen: a ``Herinnering`` row per (termijn, recipient, kind, due date) is
claimed before the e-mail goes out, under a unique constraint, so a second run — or two at the
same moment — sends nothing twice. A failed send gives its claims back, for the next run.

An e-mail never holds casus content: no kenmerk, no title, no names of those involved, not even
the kind of termijn — only that something is due, when, and a link to log in and look.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from meldwijzer.accounts.models import Membership, Organisatie, User
from meldwijzer.accounts.permissions import RECHTEN, Recht
from meldwijzer.rapportage.dashboard import binnenkort_werkdagen
from meldwijzer.rapportage.models import Herinnering, HerinneringSoort, Termijn
from meldwijzer.rapportage.werkdagen import plus_werkdagen

MAX_PER_MAIL = 25  # links listed one by one; the rest is counted, with a link to the overview
BLOK = 500  # termijnen read at a time


@dataclass
class Samenvatting:
    termijnen: int = 0
    mails: int = 0
    binnenkort: int = 0
    verlopen: int = 0
    al_verzonden: int = 0
    zonder_email: set[int] = field(default_factory=set)
    mislukt: int = 0

    def als_tekst(self) -> str:
        return _(
            "%(termijnen)s termijnen bekeken; %(mails)s e-mails verstuurd "
            "(%(binnenkort)s keer binnenkort, %(verlopen)s keer verlopen); %(al)s al eerder "
            "gemeld; %(zonder)s ontvangers zonder e-mailadres; %(mislukt)s mislukt."
        ) % {
            "termijnen": self.termijnen,
            "mails": self.mails,
            "binnenkort": self.binnenkort,
            "verlopen": self.verlopen,
            "al": self.al_verzonden,
            "zonder": len(self.zonder_email),
            "mislukt": self.mislukt,
        }


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

    def verwerk() -> None:
        gemeld = set(
            Herinnering.objects.filter(termijn_id__in=[t[0] for t in blok]).values_list(
                "termijn_id", "ontvanger_id", "soort", "uiterlijk"
            )
        )
        for pk, uuid, wie, uiterlijk in blok:
            soort = (
                HerinneringSoort.VERLOPEN if uiterlijk < vandaag else HerinneringSoort.BINNENKORT
            )
            samenvatting.termijnen += 1
            for ontvanger in dict.fromkeys([wie, *afs]):
                if (pk, ontvanger, soort.value, uiterlijk) in gemeld:
                    samenvatting.al_verzonden += 1
                    continue
                per_ontvanger[ontvanger].append(Melding(pk, str(uuid), soort.value, uiterlijk))
        blok.clear()

    for rij in termijnen.iterator(chunk_size=BLOK):
        blok.append(rij)
        if len(blok) >= BLOK:
            verwerk()
    if blok:
        verwerk()
    return per_ontvanger


def _claim(ontvanger_id: int, meldingen: Iterable[Melding]) -> list[tuple[Melding, int]]:
    """Record each reminder before sending; one that another run recorded first is dropped."""
    geclaimd = []
    for m in meldingen:
        try:
            with transaction.atomic():
                rij = Herinnering.objects.create(
                    termijn_id=m.termijn_id,
                    ontvanger_id=ontvanger_id,
                    soort=m.soort,
                    uiterlijk=m.uiterlijk,
                )
        except IntegrityError:
            continue
        geclaimd.append((m, rij.pk))
    return geclaimd


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


def verstuur(
    *,
    vandaag: dt.date | None = None,
    organisaties: Iterable[int] | None = None,
    basis: str | None = None,
    voortgang: Callable[[int, int], None] | None = None,
) -> Samenvatting:
    """Send what is due; returns the summary. ``voortgang(gedaan, totaal)`` after each e-mail."""
    vandaag = vandaag or timezone.localdate()
    tot = plus_werkdagen(vandaag, binnenkort_werkdagen())
    basis = (basis or basis_url()).rstrip("/")
    samenvatting = Samenvatting()
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
    gebruikers = User.objects.in_bulk({w[0] for w in werk})
    verbinding = get_connection()
    for gedaan, (ontvanger_id, meldingen, af) in enumerate(werk, start=1):
        ontvanger = gebruikers[ontvanger_id]
        if not ontvanger.email or not ontvanger.is_active:
            samenvatting.zonder_email.add(ontvanger_id)
        else:
            geclaimd = _claim(ontvanger_id, meldingen)
            if geclaimd:
                try:
                    verbinding.send_messages(
                        [bericht(ontvanger, [m for m, _pk in geclaimd], basis, af)]
                    )
                except Exception:
                    Herinnering.objects.filter(pk__in=[pk for _m, pk in geclaimd]).delete()
                    samenvatting.mislukt += 1
                else:
                    samenvatting.mails += 1
                    for m, _pk in geclaimd:
                        if m.soort == HerinneringSoort.VERLOPEN:
                            samenvatting.verlopen += 1
                        else:
                            samenvatting.binnenkort += 1
        if voortgang is not None:
            voortgang(gedaan, len(werk))
    return samenvatting
