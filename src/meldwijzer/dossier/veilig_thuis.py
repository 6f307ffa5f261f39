"""Reads about Veilig Thuis that spare retyping: the contact a casus last recorded, to offer it
again, and the melding whose feedback and agreements the closing page asks itself.

A beroepskracht names the same contact at Veilig Thuis on the melding, at the afweging answered
together with Veilig Thuis, at the evaluation, the agreements and the closing. The pages offer
the most recent one as the form's starting value, which stays editable.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from meldwijzer.dossier.models import (
    Afsluiting,
    AfsluitSoort,
    AfspraakVeiligThuis,
    Antwoord,
    Casus,
    Melding,
)
from meldwijzer.dossier.vervolg import MeldingStand, Vervolg

# How many of each kind are read: the newest few hold the newest filled-in contact. The
# contact is encrypted, so "not empty" is checked here, not in the database.
_GENOEG = 20


@dataclass(frozen=True)
class VeiligThuisContact:
    """Who at Veilig Thuis, and from the last melding its organisation and kenmerk."""

    contact: str = ""
    organisatie: str = ""
    kenmerk: str = ""

    def als_initial(self, *velden: str) -> dict[str, str]:
        """The named fields (``vt_contact``, ``vt_organisatie``, ``vt_kenmerk``) that are
        known, as a form's initial values."""
        waarden = {
            "vt_contact": self.contact,
            "vt_organisatie": self.organisatie,
            "vt_kenmerk": self.kenmerk,
        }
        return {naam: waarden[naam] for naam in velden if waarden[naam]}


def _met_contact(rijen: Any, tijd: str) -> list[tuple[dt.datetime, str]]:
    return [(getattr(r, tijd), r.vt_contact) for r in rijen[:_GENOEG] if r.vt_contact]


def laatste_contact(casus: Casus) -> VeiligThuisContact:
    """The most recent Veilig Thuis contact recorded anywhere in this casus (every ronde),
    leaving out withdrawn records; organisation and kenmerk of the most recent melding that
    names them."""
    meldingen = list(
        Melding.objects.filter(casus=casus, ingetrokken_op__isnull=True).order_by(
            "-vastgelegd_op", "-pk"
        )[:_GENOEG]
    )
    kandidaten = [
        *_met_contact(meldingen, "vastgelegd_op"),
        *_met_contact(
            AfspraakVeiligThuis.objects.filter(casus=casus, ingetrokken_op__isnull=True).order_by(
                "-vastgelegd_op", "-pk"
            ),
            "vastgelegd_op",
        ),
        *_met_contact(
            Afsluiting.objects.filter(casus=casus, ingetrokken_op__isnull=True).order_by(
                "-vastgelegd_op", "-pk"
            ),
            "vastgelegd_op",
        ),
        *_met_contact(
            Antwoord.objects.filter(casus=casus, ingetrokken_op__isnull=True).order_by(
                "-beantwoord_op", "-pk"
            ),
            "beantwoord_op",
        ),
    ]
    contact = max(kandidaten, key=lambda k: k[0])[1] if kandidaten else ""
    organisatie = next((m.vt_organisatie for m in meldingen if m.vt_organisatie), "")
    kenmerk = next((m.vt_kenmerk for m in meldingen if m.vt_kenmerk), "")
    return VeiligThuisContact(contact=contact, organisatie=organisatie, kenmerk=kenmerk)


def aan_te_vullen(stand: Vervolg) -> MeldingStand | None:
    """Closing after a melding when all it waits for is one melding's feedback or agreements
    of Veilig Thuis: that melding, whose missing records the closing page asks itself, so they
    and the closing are saved together. None otherwise (then those pages come first)."""
    if stand.afsluiten.soort != AfsluitSoort.NA_MELDING or stand.stand.melding_open:
        return None
    onvolledig = stand.meldingen_onvolledig
    return onvolledig[0] if len(onvolledig) == 1 else None
