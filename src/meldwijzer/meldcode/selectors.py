"""Reading the meldcode: versions of the organisation, the adopted one, whether it is current."""

from __future__ import annotations

from dataclasses import dataclass

from meldwijzer.meldcode.inhoud import bouw_inhoud
from meldwijzer.meldcode.models import MeldcodeVersie
from meldwijzer.meldcode.verschil import veranderingen


def versies(organisatie_id: int) -> list[MeldcodeVersie]:
    return list(
        MeldcodeVersie.objects.filter(organisatie_id=organisatie_id)
        .defer("inhoud")
        .select_related("gemaakt_door", "vastgesteld_door")
        .order_by("-volgnummer")
    )


def versie(organisatie_id: int, volgnummer: int) -> MeldcodeVersie | None:
    return MeldcodeVersie.objects.filter(
        organisatie_id=organisatie_id, volgnummer=volgnummer
    ).first()


def vastgestelde(organisatie_id: int) -> MeldcodeVersie | None:
    """The version in force: the one adopted last."""
    return (
        MeldcodeVersie.objects.filter(organisatie_id=organisatie_id, vastgesteld_op__isnull=False)
        .order_by("-vastgesteld_moment", "-volgnummer")
        .first()
    )


@dataclass
class Stand:
    vastgesteld: MeldcodeVersie | None
    veranderingen: list[str]

    @property
    def verouderd(self) -> bool:
        return bool(self.veranderingen)


def stand(organisatie_id: int) -> Stand:
    """The adopted version and what has changed since it was generated."""
    geldend = vastgestelde(organisatie_id)
    if geldend is None:
        return Stand(None, [])
    return Stand(geldend, veranderingen(geldend.inhoud, bouw_inhoud(organisatie_id)))
