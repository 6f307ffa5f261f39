"""Reads of casus data, always scoped by the reader's membership (accounts.permissions)."""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass, field
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from meldwijzer.accounts.models import Membership
from meldwijzer.accounts.permissions import (
    CASUSINHOUD_ROLLEN,
    casus_filter,
)
from meldwijzer.dossier import stap5
from meldwijzer.dossier.models import (
    Afsluiting,
    Antwoord,
    Besluit,
    Betrokkene,
    Casus,
    CasusDeling,
    Consultatie,
    Evaluatie,
    Fase,
    Gesprek,
    HulpBuitenMeldcode,
    Hulpplan,
    Kindcheck,
    Melding,
    Signaal,
    Weging,
    Zienswijze,
)
from meldwijzer.dossier.stap5 import OptieVoorbeeld
from meldwijzer.gedeeld import rijen
from meldwijzer.kader import Afwegingskader, Beslissing, beslis
from meldwijzer.kader.model import Afweging


def zichtbare_casussen(membership: Membership | None) -> QuerySet[Casus]:
    # The framework version comes along for its name and hash, not its full content: decoding
    # that JSON for every casus row cost ~4 ms each (bench/web_bench.py, docs/performance.md);
    # KaderVersie.kader() finds the compiled framework by hash and loads the content only once.
    return (
        Casus.objects.filter(casus_filter(membership))
        .select_related("eigenaar", "kader_versie")
        .defer("kader_versie__inhoud")
    )


def casus_voor(membership: Membership | None, casus_id: uuid.UUID | str) -> Casus:
    """The casus if this membership may see it; 404 otherwise (never reveal it exists)."""
    try:
        return zichtbare_casussen(membership).get(uuid=casus_id)
    except (Casus.DoesNotExist, ValueError, ValidationError) as fout:
        raise Http404("Casus niet gevonden") from fout


def eigen_casus_id(membership: Membership, casus_id: uuid.UUID | str) -> int | None:
    """The id of the casus with this uuid in the member's own organisation, whether or not they
    may see it: the access log names it in a refused record (audit.toegang)."""
    try:
        return (
            Casus.objects.filter(uuid=casus_id, organisatie_id=membership.organisatie_id)
            .values_list("pk", flat=True)
            .first()
        )
    except (ValueError, ValidationError):
        return None


def casussen_lijst(
    membership: Membership | None,
    *,
    fase: str | None = None,
    alleen_eigen: bool = False,
    kader_versie: int | None = None,
) -> QuerySet[Casus]:
    qs = zichtbare_casussen(membership)
    if fase in Fase.values:
        qs = qs.filter(fase=fase)
    if alleen_eigen and membership is not None:
        qs = qs.filter(eigenaar_id=membership.user_id)
    if kader_versie is not None:
        # Pinned to that framework version now, or with a besluit decided under it (docs/adr/0006).
        qs = qs.filter(
            Q(kader_versie_id=kader_versie)
            | Q(pk__in=Besluit.objects.filter(kader_versie_id=kader_versie).values("casus_id"))
        )
    return qs.order_by("-bijgewerkt_op", "-pk")


M = TypeVar("M", bound=Model)


def _huidig(qs: QuerySet[M], ook_ingetrokken: bool) -> QuerySet[M]:
    """What is in force: withdrawn records only where the history is shown (docs/adr/0019)."""
    return qs if ook_ingetrokken else qs.filter(ingetrokken_op__isnull=True)


def betrokkenen(casus: Casus, *, ook_ingetrokken: bool = False) -> QuerySet[Betrokkene]:
    return _huidig(Betrokkene.objects.filter(casus=casus), ook_ingetrokken).select_related(
        "vastgelegd_door"
    )


# What the casus overview shows of a betrokkene: not the birth date, nor who recorded it.
_BETROKKENE_KORT = (
    "casus_id",
    "ronde",
    "vastgelegd_op",
    "ingetrokken_op",
    "rol",
    "leeftijd",
    "geboortejaar",
    "relatie",
    "naam",
)


def betrokkenen_kort(casus: Casus) -> list[Betrokkene]:
    """The current betrokkenen with what the casus overview shows of them (``_BETROKKENE_KORT``),
    by a fixed statement (gedeeld.rijen)."""
    return rijen.lees(
        Betrokkene,
        "casus_id = %s AND ingetrokken_op IS NULL",
        [casus.pk],
        volgorde="vastgelegd_op, id",
        velden=_BETROKKENE_KORT,
    )


def signalen(casus: Casus, *, ook_ingetrokken: bool = False) -> QuerySet[Signaal]:
    return _huidig(Signaal.objects.filter(casus=casus), ook_ingetrokken).select_related(
        "vastgelegd_door"
    )


def bijzondere_vormen(casus: Casus) -> set[str]:
    """The special forms of violence (``BijzondereVorm``) recorded at the current signalen:
    where talking first can endanger the victim (H3, Afweging 2 (c))."""
    vormen: set[str] = set()
    for lijst in signalen(casus).values_list("vormen", flat=True):
        vormen.update(lijst or [])
    return vormen


def consultaties(casus: Casus, *, ook_ingetrokken: bool = False) -> QuerySet[Consultatie]:
    return _huidig(Consultatie.objects.filter(casus=casus), ook_ingetrokken).select_related(
        "vastgelegd_door"
    )


def gesprekken(casus: Casus, *, ook_ingetrokken: bool = False) -> QuerySet[Gesprek]:
    return _huidig(Gesprek.objects.filter(casus=casus), ook_ingetrokken).select_related(
        "vastgelegd_door"
    )


def wegingen(casus: Casus, *, ook_ingetrokken: bool = False) -> QuerySet[Weging]:
    return _huidig(Weging.objects.filter(casus=casus), ook_ingetrokken).select_related(
        "vastgelegd_door"
    )


def meldingen(casus: Casus, *, ook_ingetrokken: bool = False) -> QuerySet[Melding]:
    return (
        _huidig(Melding.objects.filter(casus=casus), ook_ingetrokken)
        .select_related("vastgelegd_door", "besluit")
        .prefetch_related("afspraken__vastgelegd_door", "terugkoppelingen__vastgelegd_door")
    )


def melding_voor(casus: Casus, melding_id: int) -> Melding:
    """A melding of this (already permission-checked) casus; 404 for any other."""
    try:
        return meldingen(casus).get(pk=melding_id)
    except Melding.DoesNotExist as fout:
        raise Http404("Melding niet gevonden") from fout


def hulpplannen(casus: Casus, *, ook_ingetrokken: bool = False) -> QuerySet[Hulpplan]:
    return _huidig(Hulpplan.objects.filter(casus=casus), ook_ingetrokken).select_related(
        "vastgelegd_door"
    )


# What the casus overview uses of the plan in force: its dates and number, not its texts.
_HULPPLAN_KORT = ("casus_id", "ronde", "volgnummer", "datum", "evaluatiedata", "ingetrokken_op")


def huidig_hulpplan(casus: Casus, *, kort: bool = False) -> Hulpplan | None:
    """The plan in force in this ronde: the latest version not withdrawn. ``kort``: only its
    dates and number (``_HULPPLAN_KORT``), without decrypting its texts or reading who recorded
    it, by a fixed statement (gedeeld.rijen)."""
    if kort:
        gevonden = rijen.lees(
            Hulpplan,
            "casus_id = %s AND ronde = %s AND ingetrokken_op IS NULL",
            [casus.pk, casus.ronde],
            volgorde="volgnummer DESC",
            limiet=1,
            velden=_HULPPLAN_KORT,
        )
        return gevonden[0] if gevonden else None
    return hulpplannen(casus).filter(ronde=casus.ronde).order_by("-volgnummer").first()


def evaluaties(casus: Casus) -> QuerySet[Evaluatie]:
    return Evaluatie.objects.filter(casus=casus).select_related(
        "vastgelegd_door", "hulpplan", "antwoord"
    )


_AANTALLEN = {
    "signalen": Signaal,
    "zienswijzen": Zienswijze,
    "consultaties": Consultatie,
    "gesprekken": Gesprek,
    "wegingen": Weging,
    "meldingen": Melding,
    "hulpplannen": Hulpplan,
    "evaluaties": Evaluatie,
}


@functools.cache
def _aantallen_sql() -> str:
    # Table names from the models, quoted; the values are parameters.
    tabellen = [connection.ops.quote_name(m._meta.db_table) for m in _AANTALLEN.values()]
    delen = ", ".join(
        f"(SELECT COUNT(*) FROM {t} WHERE casus_id = %s AND ingetrokken_op IS NULL)"  # noqa: S608
        for t in tabellen
    )
    return f"SELECT {delen}"


def aantallen(casus: Casus) -> dict[str, int]:
    """How many records of each kind the casus holds (the counts on its overview): one
    statement with a count per kind, written once — the casus overview is the most read page,
    and building eight ORM queries cost more than running them (docs/performance.md)."""
    with connection.cursor() as cur:
        cur.execute(_aantallen_sql(), [casus.pk] * len(_AANTALLEN))
        rij = cur.fetchone()
    return dict(zip(_AANTALLEN, rij, strict=True))


def afsluitingen(casus: Casus) -> QuerySet[Afsluiting]:
    return (
        Afsluiting.objects.filter(casus=casus)
        .select_related("vastgelegd_door", "besluit")
        .prefetch_related("afspraken")
        .order_by("ronde")
    )


def zienswijzen(casus: Casus, *, ook_ingetrokken: bool = False) -> QuerySet[Zienswijze]:
    return _huidig(Zienswijze.objects.filter(casus=casus), ook_ingetrokken).select_related(
        "vastgelegd_door", "betrokkene"
    )


def betrokkene_voor(casus: Casus, betrokkene_id: int) -> Betrokkene:
    try:
        return betrokkenen(casus).get(pk=betrokkene_id)
    except Betrokkene.DoesNotExist as fout:
        raise Http404("Betrokkene niet gevonden") from fout


def kindchecks(casus: Casus) -> QuerySet[Kindcheck]:
    return Kindcheck.objects.filter(casus=casus).select_related("vastgelegd_door", "betrokkene")


def delingen(casus: Casus, *, ook_ingetrokken: bool = False) -> QuerySet[CasusDeling]:
    qs = CasusDeling.objects.filter(casus=casus).select_related(
        "met", "gedeeld_door", "ingetrokken_door"
    )
    return qs if ook_ingetrokken else qs.filter(ingetrokken_op__isnull=True)


def collegas(casus: Casus) -> QuerySet[Membership]:
    """Active members of the casus's organisation who work with casus content."""
    return (
        Membership.objects.filter(
            organisatie_id=casus.organisatie_id,
            actief=True,
            user__is_active=True,
            rol__in=CASUSINHOUD_ROLLEN,
        )
        .select_related("user", "organisatie")
        .order_by("user__last_name", "user__first_name", "user__username")
    )


def hulp_buiten_meldcode(casus: Casus) -> QuerySet[HulpBuitenMeldcode]:
    return HulpBuitenMeldcode.objects.filter(casus=casus).select_related("vastgelegd_door")


def besluiten(casus: Casus) -> QuerySet[Besluit]:
    # The framework version for its name and hash; its content is found by hash (as for
    # zichtbare_casussen): decoding it with every besluit read cost time for nothing.
    return (
        Besluit.objects.filter(casus=casus)
        .select_related("vastgelegd_door", "kader_versie")
        .defer("kader_versie__inhoud")
    )


# What the casus overview and the vervolg use of the besluit in force: not its answers
# (encrypted), nor who recorded it or its framework version's row.
_BESLUIT_KORT = (
    "casus_id",
    "ronde",
    "volgnummer",
    "kader_versie_id",
    "signalen",
    "uitkomst",
    "vervangt_id",
    "vastgelegd_door_id",
    "vastgelegd_op",
)


def huidig_besluit(casus: Casus, *, kort: bool = False) -> Besluit | None:
    """The besluit in force: the latest, which supersedes every earlier one. ``kort``: without
    its answers and related rows (``_BESLUIT_KORT``), by a fixed statement (gedeeld.rijen)."""
    if kort:
        gevonden = rijen.lees(
            Besluit,
            "casus_id = %s",
            [casus.pk],
            volgorde="volgnummer DESC",
            limiet=1,
            velden=_BESLUIT_KORT,
        )
        return gevonden[0] if gevonden else None
    return besluiten(casus).order_by("-volgnummer").first()


# What the framework decides on: an answer's key and option, its ticks and their sources, and
# when it was given. Not its texts (encrypted) nor who gave it.
_KEUZEVELDEN = ("casus_id", "ronde", "afweging", "antwoord", "signalen", "bronnen", "beantwoord_op")


def huidige_antwoorden(casus: Casus, *, met_tekst: bool = True) -> list[Antwoord]:
    """The current answers of this ronde. Without ``met_tekst`` only the fields the framework
    decides on (``_KEUZEVELDEN``): no decryption of toelichting, Veilig Thuis contact and
    voorwaarden, nor who answered — for readers that show none of them (the casus overview,
    the termijnen)."""
    if not met_tekst:  # a fixed statement (gedeeld.rijen): asked on every answer and overview
        return rijen.lees(
            Antwoord,
            "casus_id = %s AND ronde = %s AND ingetrokken_op IS NULL",
            [casus.pk, casus.ronde],
            volgorde="beantwoord_op, id",
            velden=_KEUZEVELDEN,
        )
    return list(
        Antwoord.objects.filter(casus=casus, ronde=casus.ronde, ingetrokken_op__isnull=True)
        .select_related("beantwoord_door")
        .order_by("beantwoord_op", "pk")
    )


def aangevinkte_signalen(casus: Casus, antwoorden: list[Antwoord] | None = None) -> list[str]:
    """Every ticked catalogue item of the casus: the ticks of its current signalen. An item
    ticked at an afweging is added to the signalen it rests on (docs/adr/0019), so a correction
    or withdrawal of those signalen unticks it; only answers from before that rule (without
    ``bronnen``) still add their own ticks."""
    return _vinkjes_en_vormen(casus, antwoorden)[0]


def _vinkjes_en_vormen(
    casus: Casus, antwoorden: list[Antwoord] | None = None
) -> tuple[list[str], set[str]]:
    """``aangevinkte_signalen`` and ``bijzondere_vormen`` from one read of the current
    signalen: the casus overview needs both (docs/performance.md, "Minder ORM op de
    casuspagina's")."""
    gevonden: set[str] = set()
    vormen: set[str] = set()
    # A fixed statement (gedeeld.rijen): asked by every overview, answer and casus write.
    huidig = rijen.waarden(
        Signaal,
        ("aangevinkt", "vormen"),
        "casus_id = %s AND ingetrokken_op IS NULL",
        [casus.pk],
        volgorde="vastgelegd_op, id",
    )
    for aangevinkt, signaalvormen in huidig:
        gevonden.update(aangevinkt or [])
        vormen.update(signaalvormen or [])
    for antwoord in antwoorden if antwoorden is not None else huidige_antwoorden(casus):
        if not antwoord.bronnen:
            gevonden.update(antwoord.signalen or [])
    return sorted(gevonden), vormen


@dataclass(frozen=True)
class Ontbrekend:
    stap: int
    tekst: Promise
    url_naam: str


_STAPPEN_VOOR_5 = (Signaal, Consultatie, Gesprek, Weging)


@functools.cache
def _ontbrekend_sql() -> str:
    # Table names from the models, quoted; the values are parameters.
    tabellen = [connection.ops.quote_name(m._meta.db_table) for m in _STAPPEN_VOOR_5]
    delen = ", ".join(
        f"EXISTS (SELECT 1 FROM {t} WHERE casus_id = %s AND ronde = %s "  # noqa: S608
        "AND ingetrokken_op IS NULL)"
        for t in tabellen
    )
    return f"SELECT {delen}"


def ontbrekend_voor_stap5(casus: Casus) -> list[Ontbrekend]:
    """What stap 5 still needs in this ronde: a current (not withdrawn) signaal, a consultatie,
    a gesprek (or the recorded reason there was none) and a weging (DESIGN.md, 'Casus
    lifecycle'). Withdrawn records do not count. One statement with an EXISTS per step: stap 5
    asks it on every answer (docs/performance.md)."""
    with connection.cursor() as cur:
        cur.execute(_ontbrekend_sql(), [casus.pk, casus.ronde] * len(_STAPPEN_VOOR_5))
        signaal, consultatie, gesprek, weging = (bool(w) for w in cur.fetchone())
    ontbrekend: list[Ontbrekend] = []
    if not signaal:
        ontbrekend.append(
            Ontbrekend(
                1,
                _(
                    "Er is nog geen signaal vastgelegd (stap 1). Een besluit rust op vastgelegde "
                    "signalen: feiten en meningen, met datum en bron (hoofdstuk 2)."
                ),
                "web:signalen",
            )
        )
    if not consultatie:
        ontbrekend.append(
            Ontbrekend(2, _("Er is nog geen consultatie vastgelegd (stap 2)."), "web:consultatie")
        )
    if not gesprek:
        ontbrekend.append(
            Ontbrekend(
                3,
                _(
                    "Er is nog geen gesprek vastgelegd, en ook geen reden waarom het er niet was "
                    "(stap 3)."
                ),
                "web:gesprek",
            )
        )
    if not weging:
        ontbrekend.append(
            Ontbrekend(4, _("Er is nog geen weging vastgelegd (stap 4)."), "web:weging")
        )
    return ontbrekend


@dataclass
class Stap5Stand:
    kader: Afwegingskader
    beslissing: Beslissing
    antwoorden: list[Antwoord]
    signalen: list[str]
    besluit: Besluit | None
    besluit_in_ronde: bool
    ontbrekend: list[Ontbrekend]
    volgende: Afweging | None
    samen_met_veilig_thuis: bool
    opties: list[OptieVoorbeeld] = field(default_factory=list)
    meldingen_nodig: int = 0
    meldingen_gedaan: int = 0
    beslissing_2_open: bool = False
    # The special forms of violence at the current signalen (``bijzondere_vormen``), read with
    # the ticks.
    vormen: set[str] = field(default_factory=set)

    @property
    def kan_beginnen(self) -> bool:
        return not self.ontbrekend

    @functools.cached_property
    def rollen(self) -> dict[str, Afweging]:
        """The route's afwegingen by role (``stand.rollen.resultaat``): pages name them by the
        framework's own id and question, never by the basis numbering. After a handover
        (kaderformaat 2) those of the route the casus is in now."""
        return stap5.afwegingen_per_rol(self.kader, self.beslissing.route_nu)

    @property
    def volgende_sleutel(self) -> str | None:
        """The key the next afweging is answered under: ``route/afweging`` after a handover."""
        return self.beslissing.volgende_sleutel if self.volgende is not None else None

    def afweging_van(self, antwoord: Antwoord) -> Afweging:
        """The afweging an answer belongs to, by its key."""
        return stap5.afweging_model(self.kader, self.beslissing.route, antwoord.afweging)

    @property
    def melding_open(self) -> bool:
        return self.meldingen_gedaan < self.meldingen_nodig

    @property
    def concept(self) -> bool:
        """Answers given that no besluit holds yet (only possible before the first one)."""
        return bool(self.antwoorden) and not self.besluit_in_ronde


def stap5_stand(
    casus: Casus,
    extra_signalen: list[str] | tuple[str, ...] = (),
    *,
    meldingen_gedaan: int | None = None,
    met_besluit: bool = True,
    kort: bool = False,
) -> Stap5Stand:
    """Everything the stap-5 page shows, recomputed on the server from stored answers.

    ``extra_signalen`` (ticked in a form not yet stored) only colour the warnings previewed
    for the next afweging's options. ``meldingen_gedaan``: the number of current meldingen of
    this ronde, when the caller has read them already (dossier.vervolg). Without
    ``met_besluit`` the besluit in force and its meldingen are left out (``besluit`` None) until
    ``vul_besluit_aan``: an answer's form needs only the afweging whose turn it is, and the
    service that stores the answer reads the rest itself. ``kort``: the answers carry only what
    the framework decides on and the besluit not its answers (``huidige_antwoorden``,
    ``huidig_besluit``): for pages that show neither (the casus overview).
    """
    kader = casus.kader_versie.kader()
    antwoorden = huidige_antwoorden(casus, met_tekst=not kort)
    aangevinkt, vormen = _vinkjes_en_vormen(casus, antwoorden)
    voorbeeld = sorted(set(aangevinkt) | (set(extra_signalen) & kader.aanvinkbaar))
    gegeven = {a.afweging: a.antwoord for a in antwoorden}
    route = casus.route or None
    beslissing = beslis(kader, gegeven, aangevinkt, route=route)
    volgende = None if casus.is_afgesloten else stap5.volgende_afweging(kader, beslissing)
    stand = Stap5Stand(
        kader=kader,
        beslissing=beslissing,
        antwoorden=antwoorden,
        signalen=aangevinkt,
        besluit=None,
        besluit_in_ronde=False,
        ontbrekend=ontbrekend_voor_stap5(casus) if not antwoorden else [],
        volgende=volgende,
        samen_met_veilig_thuis=beslissing.samen_met_veilig_thuis,
        beslissing_2_open=stap5.beslissing_2_open_met_veilig_thuis(kader, beslissing),
        vormen=vormen,
    )
    if volgende is not None:
        stand.opties = stap5.optie_voorbeelden(
            kader, route, gegeven, voorbeeld, volgende, beslissing.volgende_sleutel
        )
    if met_besluit:
        vul_besluit_aan(stand, casus, meldingen_gedaan=meldingen_gedaan, kort=kort)
    return stand


def vul_besluit_aan(
    stand: Stap5Stand, casus: Casus, *, meldingen_gedaan: int | None = None, kort: bool = False
) -> Stap5Stand:
    """The besluit in force, and the meldingen it asks for, added to a stand made without them
    (``stap5_stand(met_besluit=False)``)."""
    besluit = huidig_besluit(casus, kort=kort)
    stand.besluit = besluit
    stand.besluit_in_ronde = besluit is not None and besluit.ronde == casus.ronde
    if stand.besluit_in_ronde:
        stand.meldingen_nodig = stap5.meldingen_nodig(stand.kader, stand.beslissing)
        stand.meldingen_gedaan = (
            meldingen(casus).filter(ronde=casus.ronde).count()
            if meldingen_gedaan is None
            else meldingen_gedaan
        )
    return stand
