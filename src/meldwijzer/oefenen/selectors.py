"""Reading practice data: always scoped by organisation, a learner's attempts only by that
learner, and the aandachtsfunctionaris only totals of groups of at least five.

Privacy of learners (docs/handleiding-oefenen.md, 'Wie ziet wat'): practising is learning, and a
colleague should be free to answer wrongly. So an attempt is read only by whoever made it —
no role, not even the aandachtsfunctionaris, reads another's attempt —, and the totals per
vignette count each learner's last completed attempt once and show nothing where fewer than
``MINIMUM_GROEP`` learners are counted (k-anonymity; docs/adr/0021).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from meldwijzer.accounts.models import Membership
from meldwijzer.accounts.permissions import mag_oefencasussen_schrijven, mag_oefenen
from meldwijzer.dossier import stap5
from meldwijzer.kader.model import Afweging
from meldwijzer.oefenen.models import Oefencasus, Oefenpoging

MINIMUM_GROEP = 5


def oefencasussen(membership: Membership | None, *, ook_ingetrokken: bool = False) -> QuerySet:
    """The organisation's oefencasussen to practise on (the writer may ask for withdrawn ones)."""
    if not mag_oefenen(membership):
        return Oefencasus.objects.none()
    assert membership is not None
    # The framework's stored content is not needed: kader() finds it compiled by its hash.
    qs = (
        Oefencasus.objects.filter(organisatie_id=membership.organisatie_id)
        .select_related("kader_versie")
        .defer("kader_versie__inhoud")
    )
    if not (ook_ingetrokken and mag_oefencasussen_schrijven(membership)):
        qs = qs.filter(ingetrokken_op__isnull=True)
    return qs


def oefencasus_voor(membership: Membership | None, oefencasus_id: uuid.UUID | str) -> Oefencasus:
    """404 for anything of another organisation, or withdrawn for whoever did not write it."""
    try:
        return oefencasussen(membership, ook_ingetrokken=True).get(uuid=oefencasus_id)
    except (Oefencasus.DoesNotExist, ValueError, ValidationError) as fout:
        raise Http404("Oefencasus niet gevonden") from fout


def mijn_pogingen(membership: Membership | None) -> QuerySet:
    """My own attempts, in my current organisation: nobody else's, ever."""
    if not mag_oefenen(membership):
        return Oefenpoging.objects.none()
    assert membership is not None
    return (
        Oefenpoging.objects.filter(
            deelnemer_id=membership.user_id,
            oefencasus__organisatie_id=membership.organisatie_id,
        )
        .select_related("oefencasus", "oefencasus__kader_versie")
        .defer("oefencasus__kader_versie__inhoud")
    )


def poging_voor(membership: Membership | None, poging_id: uuid.UUID | str) -> Oefenpoging:
    """An attempt only for the learner who made it; 404 for everyone else (its existence is
    not revealed, as with a casus)."""
    try:
        return mijn_pogingen(membership).get(uuid=poging_id)
    except (Oefenpoging.DoesNotExist, ValueError, ValidationError) as fout:
        raise Http404("Oefening niet gevonden") from fout


@dataclass(frozen=True)
class Keuzetelling:
    label: str
    aantal: int
    verwacht: bool


@dataclass(frozen=True)
class Afwegingtelling:
    """How many learners reached this afweging and chose what; hidden below a group of five."""

    afweging: Afweging
    bereikt: int | None
    keuzes: list[Keuzetelling] = field(default_factory=list)

    @property
    def verborgen(self) -> bool:
        return self.bereikt is None


@dataclass(frozen=True)
class Signaaltelling:
    tekst: str
    aantal: int


@dataclass(frozen=True)
class Totalen:
    """Counts over each learner's last completed attempt; ``None`` where hidden."""

    deelnemers: int | None
    afwegingen: list[Afwegingtelling] = field(default_factory=list)
    verwachte_route: int | None = None
    signalen: list[Signaaltelling] = field(default_factory=list)

    @property
    def zichtbaar(self) -> bool:
        return self.deelnemers is not None


def _laatste_per_deelnemer(oefencasus: Oefencasus) -> list[Oefenpoging]:
    rijen = (
        Oefenpoging.objects.filter(oefencasus=oefencasus, afgerond_op__isnull=False)
        .order_by("deelnemer_id", "-afgerond_op", "-pk")
        .only("deelnemer_id", "antwoorden", "signalen", "afgerond_op")
    )
    gezien: set[int] = set()
    uit = []
    for p in rijen:
        if p.deelnemer_id not in gezien:
            gezien.add(p.deelnemer_id)
            uit.append(p)
    return uit


def totalen(membership: Membership | None, oefencasus: Oefencasus) -> Totalen:
    """The totals of one vignette for the aandachtsfunctionaris: never per person, and nothing
    at all (not even how many took part) while fewer than five learners completed it."""
    if not mag_oefencasussen_schrijven(membership):
        raise PermissionDenied(_("Alleen de aandachtsfunctionaris ziet de totalen."))
    assert membership is not None
    if oefencasus.organisatie_id != membership.organisatie_id:
        raise Http404("Oefencasus niet gevonden")
    pogingen = _laatste_per_deelnemer(oefencasus)
    if len(pogingen) < MINIMUM_GROEP:
        return Totalen(deelnemers=None)
    kader = oefencasus.kader()
    route = stap5.route_model(kader, oefencasus.route)
    verwacht = oefencasus.verwachte_antwoorden
    rijen = []
    for afweging in route.afwegingen:
        gekozen = [p.antwoorden[afweging.id] for p in pogingen if afweging.id in p.antwoorden]
        if len(gekozen) < MINIMUM_GROEP:
            rijen.append(Afwegingtelling(afweging, None))
            continue
        rijen.append(
            Afwegingtelling(
                afweging,
                len(gekozen),
                [
                    Keuzetelling(o.label, gekozen.count(o.id), verwacht.get(afweging.id) == o.id)
                    for o in stap5.ja_eerst(afweging.opties)
                ],
            )
        )
    return Totalen(
        deelnemers=len(pogingen),
        afwegingen=rijen,
        # Not when an afweging on the expected route is hidden: the count would tell how the
        # fewer than five who reached it answered.
        verwachte_route=None
        if any(r.verborgen and r.afweging.id in verwacht for r in rijen)
        else sum(1 for p in pogingen if p.antwoorden == verwacht),
        signalen=[
            Signaaltelling(
                kader.items[i][1] if i in kader.items else i,
                sum(1 for p in pogingen if i in p.signalen),
            )
            for i in oefencasus.verwachte_signalen
        ],
    )
