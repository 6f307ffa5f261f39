"""What the meldcode document says, gathered from what Meldwijzer knows: the organisation, its
chosen framework version, its roles, its sociale kaart, its termijnen and retention, and the
beheerder's own sections (docs/meldcode.md). Plain data (JSON), stored whole with each version.

The wording of the steps is ours; the afwegingen, norms, routes and catalogues are the
framework's own words, with their citations."""

from __future__ import annotations

from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from meldwijzer.accounts.models import Organisatie, Rol
from meldwijzer.catalogus.services import kaderversie_voor_organisatie
from meldwijzer.dossier.services.bewaren import termijn_jaren
from meldwijzer.kader.model import CatalogusSoort, Kader
from meldwijzer.meldcode.models import EigenTekst
from meldwijzer.meldcode.secties import EIGEN_SECTIES
from meldwijzer.rapportage import termijnen
from meldwijzer.rapportage.models import TermijnSoort
from meldwijzer.socialekaart import selectors as kaart_selectors

# The catalogues each of steps 1 and 4 works with (the framework's own lists).
STAP1 = (
    CatalogusSoort.ACUUT,
    CatalogusSoort.STRUCTUREEL,
    CatalogusSoort.FACTOREN,
    CatalogusSoort.KINDCHECK,
    CatalogusSoort.DISCLOSURE,
)
STAP4 = (CatalogusSoort.RISICOFACTOREN, CatalogusSoort.VUISTREGELS)


def _bron(bron: Any) -> str:
    return bron.als_tekst() if bron is not None else ""


def _catalogi(kader: Kader, soorten: tuple[CatalogusSoort, ...]) -> list[dict[str, Any]]:
    return [
        {
            "titel": c.titel,
            "uitleg": c.uitleg or "",
            "bron": _bron(c.bron),
            "items": [i.tekst for i in c.items],
        }
        for c in kader.catalogi
        if c.soort in soorten
    ]


def _stappen(kader: Kader) -> list[dict[str, Any]]:
    return [
        {
            "nummer": 1,
            "titel": _("Signalen in kaart brengen"),
            "tekst": _(
                "De medewerker legt de signalen vast die een vermoeden van huiselijk geweld of "
                "kindermishandeling bevestigen of ontkrachten: feiten apart van meningen, met de "
                "bron en de datum, zonder speculatieve woorden. Bij een volwassene die door "
                "partnergeweld, een intoxicatie, een suïcidepoging of automutilatie acute "
                "medische zorg nodig heeft, kijkt de medewerker of er kinderen zijn (Kindcheck)."
            ),
            "catalogi": _catalogi(kader, STAP1),
        },
        {
            "nummer": 2,
            "titel": _("Collegiale consultatie en zo nodig Veilig Thuis raadplegen"),
            "tekst": _(
                "De medewerker bespreekt de signalen met een collega, een aandachtsfunctionaris "
                "of een deskundige, en vraagt zo nodig Veilig Thuis om advies; dat kan zonder "
                "namen te noemen. Wie te raadplegen is, staat in de sectie Sociale kaart."
            ),
            "catalogi": [],
        },
        {
            "nummer": 3,
            "titel": _("Gesprek met de betrokkene(n)"),
            "tekst": _(
                "De medewerker bespreekt de zorgen met de betrokkenen. Geen gesprek voert hij "
                "als dat de veiligheid van iemand in gevaar brengt, bijvoorbeeld na disclosure of "
                "bij eergerelateerd geweld; dan overlegt hij eerst met Veilig Thuis of een "
                "deskundige en legt de reden vast."
            ),
            "catalogi": [],
        },
        {
            "nummer": 4,
            "titel": _("Wegen van het geweld of de kindermishandeling"),
            "tekst": _(
                "De medewerker weegt de verzamelde informatie: het risico, de aard en de ernst "
                "van het geweld, met feiten apart van meningen. Bij twijfel vraagt hij Veilig "
                "Thuis om advies."
            ),
            "catalogi": _catalogi(kader, STAP4),
        },
        {
            "nummer": 5,
            "titel": _("Beslissen: is melden noodzakelijk, en is hulp (ook) mogelijk?"),
            "tekst": _(
                "De medewerker neemt met het afwegingskader twee beslissingen, in deze "
                "volgorde: is melden bij Veilig Thuis noodzakelijk, en is hulp bieden of "
                "organiseren (ook) mogelijk? Melden en hulp sluiten elkaar niet uit. De "
                "afwegingen staan hieronder in de woorden van het afwegingskader."
            ),
            "catalogi": [],
        },
    ]


def _routes(kader: Kader) -> list[dict[str, Any]]:
    acties = {a.id: a.label for a in kader.acties}
    normen = {n.id: n.titel for n in kader.normen}
    uit = []
    for route in kader.routes:
        afwegingen = []
        for a in route.afwegingen:
            opties = []
            for o in a.opties:
                gevolg = [acties.get(x, x) for x in o.acties]
                if o.volgende:
                    gevolg.append(_("verder met afweging %(id)s") % {"id": o.volgende})
                opties.append(
                    {
                        "label": o.label,
                        "gevolg": gevolg,
                        "norm": normen.get(o.norm or "", ""),
                        "samen_met_veilig_thuis": o.samen_met_veilig_thuis,
                    }
                )
            afwegingen.append(
                {
                    "id": a.id,
                    "vraag": a.vraag,
                    "hulptekst": a.hulptekst or "",
                    "bron": _bron(a.bron),
                    "opties": opties,
                }
            )
        uit.append(
            {
                "id": route.id,
                "titel": route.titel,
                "omschrijving": route.omschrijving or "",
                "buiten_meldcode": route.buiten_meldcode.reden if route.buiten_meldcode else "",
                "afwegingen": afwegingen,
            }
        )
    return uit


def _rollen(organisatie_id: int) -> list[dict[str, Any]]:
    afs = kaart_selectors.aandachtsfunctionarissen(organisatie_id)
    return [
        {
            "rol": str(Rol.BEROEPSKRACHT.label),
            "taak": _("Zet de stappen van de meldcode en legt ze vast in het dossier."),
            "namen": [],
        },
        {
            "rol": str(Rol.AANDACHTSFUNCTIONARIS.label),
            "taak": _(
                "Adviseert en ondersteunt medewerkers bij elke stap, ziet alle casussen van de "
                "organisatie en bewaakt de termijnen."
            ),
            "namen": [a.naam for a in afs],
        },
        {
            "rol": str(Rol.BEHEERDER.label),
            "taak": _(
                "Houdt deze meldcode, de sociale kaart en de keuze van het afwegingskader bij; "
                "ziet geen casussen."
            ),
            "namen": [],
        },
    ]


def _sociale_kaart(organisatie_id: int) -> dict[str, Any]:
    kaart = kaart_selectors.kaart(organisatie_id)

    def contact(c: Any) -> dict[str, Any]:
        return {
            "id": c.pk,
            "soort": c.soort,
            "naam": c.naam,
            "waarvoor": c.waarvoor,
            "telefoon": c.telefoon,
            "email": c.email,
            "url": c.url,
            "anoniem_raadplegen": c.anoniem_raadplegen,
            "deskundig_bij": c.deskundig_bij_labels,
            "opmerking": c.opmerking or "",
        }

    return {
        "aandachtsfunctionarissen": [
            {"naam": a.naam, "email": a.email} for a in kaart.aandachtsfunctionarissen
        ],
        "veilig_thuis": [contact(c) for c in kaart.veilig_thuis],
        "deskundigen": [contact(c) for c in kaart.deskundigen],
    }


def _termijnen(organisatie_id: int) -> dict[str, Any]:
    def lengte(soort: str) -> str:
        aantal, eenheid = termijnen.lengte(soort)
        return f"{aantal} {eenheid}"

    return {
        "bewaartermijn_jaren": termijn_jaren(organisatie_id),
        "regels": [
            {
                "naam": _("Beslissing 2 samen met Veilig Thuis afronden (afweging 3)"),
                "lengte": lengte(TermijnSoort.BESLISSING_2),
            },
            {
                "naam": _("Na een spoedmelding de ontbrekende stappen vastleggen"),
                "lengte": lengte(TermijnSoort.SPOEDMELDING),
            },
            {
                "naam": _("Resultaten na een melding, afgesproken met Veilig Thuis"),
                "lengte": _("per melding afgesproken"),
            },
            {
                "naam": _("Evaluatie van de hulp (afweging 5)"),
                "lengte": _("per hulpplan vastgelegd"),
            },
        ],
    }


def eigen_teksten(organisatie_id: int) -> dict[str, str]:
    return {
        t.sectie: str(t.tekst or "")
        for t in EigenTekst.objects.filter(organisatie_id=organisatie_id)
    }


def bouw_inhoud(organisatie_id: int) -> dict[str, Any]:
    """Everything the document says, as of now — in Dutch, whatever the language of the person
    who asks: the meldcode is the organisation's Dutch document, and a stored version is
    compared with a fresh build to say what changed (an English build differed everywhere)."""
    with translation.override("nl"):
        return _bouw_inhoud(organisatie_id)


def _bouw_inhoud(organisatie_id: int) -> dict[str, Any]:
    organisatie = Organisatie.objects.get(pk=organisatie_id)
    versie = kaderversie_voor_organisatie(organisatie_id)
    kader = versie.kader().model
    teksten = eigen_teksten(organisatie_id)
    return {
        "organisatie": organisatie.naam,
        "gegenereerd_op": timezone.now().isoformat(),
        "kader": {
            "pk": versie.pk,
            "id": kader.id,
            "titel": kader.titel,
            "versie": kader.versie,
            "beroepsgroep": kader.beroepsgroep,
            "vastgesteld_door": kader.vastgesteld_door or "",
            "in_overleg_met": kader.in_overleg_met or "",
            "geldig_vanaf": kader.geldig_vanaf.isoformat(),
            "acute_onveiligheid": kader.termen.acute_onveiligheid.tekst,
            "structurele_onveiligheid": kader.termen.structurele_onveiligheid.tekst,
        },
        "stappen": _stappen(kader),
        "routes": _routes(kader),
        "normen": [
            {"titel": n.titel, "tekst": n.tekst, "bron": _bron(n.bron)} for n in kader.normen
        ],
        "voorwaarden": _catalogi(kader, (CatalogusSoort.VOORWAARDEN,)),
        "rollen": _rollen(organisatie_id),
        "sociale_kaart": _sociale_kaart(organisatie_id),
        "termijnen": _termijnen(organisatie_id),
        "eigen": [
            {
                "sleutel": s.sleutel,
                "titel": str(s.titel),
                "tekst": teksten.get(s.sleutel, "").strip(),
            }
            for s in EIGEN_SECTIES
        ],
    }


def ontbrekend(inhoud: dict[str, Any]) -> list[str]:
    """The keys of the beheerder's sections still empty: the version is then a concept."""
    return [e["sleutel"] for e in inhoud["eigen"] if not e["tekst"]]
