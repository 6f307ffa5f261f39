"""Each profession's own words on every page: no template, message or service speaks the basis
framework's wording or numbering (docs/kader-formaat.md, 'Routes, afwegingen en antwoorden'). A
casus is walked from stap 1 to the evaluation of the help under each shipped framework and under a
framework whose questions are reworded, whose afwegingen carry other ids and which offers an extra
answer at every afweging; every casus page is read and searched for basis-only wording."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
import yaml
from django.urls import reverse

from meldwijzer.accounts.models import Membership, Organisatie, Rol
from meldwijzer.catalogus import beheer
from meldwijzer.catalogus.tests.bouwers import VANDAAG, importeer
from meldwijzer.dossier import selectors, services
from meldwijzer.dossier.models import Evaluatie
from meldwijzer.dossier.tests.bouwers import (
    GISTEREN,
    VT,
    ZONDER_VT,
    leg_hulpplan_vast,
    maak_klaar_voor_stap5,
    open_casus,
)
from meldwijzer.kader import meegeleverde_kaders
from meldwijzer.web.tests.wereld import alle_adressen

pytestmark = pytest.mark.django_db

# The ids the reworded framework gives its afwegingen, by role: none is a basis number.
EIGEN_ID = {
    "vermoeden": "vermoeden",
    "onveiligheid": "onveilig",
    "eigen_hulp": "hulp",
    "aanvaarding": "aanvaard",
    "resultaat": "resultaat",
}
# The extra answer at every afweging: one more option with the meaning of the answer that lets
# the walk go on (or, at the resultaat, of the answer that melds again).
EXTRA = {
    "vermoeden": ("ja", "Er zijn zorgen, ik ga verder"),
    "onveiligheid": ("nee", "Geen acute of structurele dreiging gezien"),
    "eigen_hulp": ("ja", "Hulp via ons eigen team"),
    "aanvaarding": ("ja", "Ouders doen mee"),
    "resultaat": ("nee", "Deels: nog geen herstel van veiligheid"),
}


def basisvragen() -> list[str]:
    """The basis afwegingen's questions, as a page would render their start."""
    basis = yaml.safe_load(meegeleverde_kaders()["basis"].read_text(encoding="utf-8"))
    return [a["vraag"].split()[0:8] for r in basis["routes"] for a in r["afwegingen"]]


def herschreven_kader() -> str:
    """basis with every question reworded, other afweging ids, and an extra answer at every
    afweging; its catalogues, norms and actions unchanged."""
    data: dict[str, Any] = yaml.safe_load(
        meegeleverde_kaders()["basis"].read_text(encoding="utf-8")
    )
    data["id"] = "herschreven"
    data["titel"] = "Herschreven kader voor de test"
    data["status"] = "concept"
    nieuw: dict[str, str] = {}
    for route in data["routes"]:
        for afweging in route["afwegingen"]:
            nieuw[afweging["id"]] = EIGEN_ID[afweging["rol"]]
    for route in data["routes"]:
        route["start"] = nieuw[route["start"]]
        for afweging in route["afwegingen"]:
            rol = afweging["rol"]
            afweging["id"] = nieuw[afweging["id"]]
            afweging["vraag"] = (
                f"Eigen vraag over {rol.replace('_', ' ')} in de woorden van het vak?"
            )
            for optie in afweging["opties"]:
                if optie.get("volgende"):
                    optie["volgende"] = nieuw[optie["volgende"]]
            betekenis, label = EXTRA[rol]
            voorbeeld = next(o for o in afweging["opties"] if o["betekenis"] == betekenis)
            afweging["opties"].append({**voorbeeld, "id": "extra", "label": label})
    for catalogus in data["catalogi"]:
        if "afwegingen" in catalogus:
            catalogus["afwegingen"] = [nieuw.get(a, a) for a in catalogus["afwegingen"]]
    for regel in data.get("signaalregels", []):
        regel["afweging"] = nieuw.get(regel["afweging"], regel["afweging"])
    tekst = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    # The framework's own texts name its afwegingen by its own ids too (citations keep theirs).
    return re.sub(r"\bafweging ([1-5])\b", lambda m: f"afweging {nieuw[m[1]]}", tekst)


def profession(kader_id: str) -> str:
    tekst = meegeleverde_kaders()[kader_id].read_text(encoding="utf-8")
    return tekst.replace(f"id: {kader_id}", f"id: eigen-{kader_id}", 1)


@pytest.fixture
def kaderbeheerder(maak_lid: Callable[..., Membership]) -> Membership:
    beroepsorganisatie = Organisatie.objects.create(naam="Beroepsvereniging")
    return maak_lid(Rol.KADERBEHEERDER, beroepsorganisatie, "karin")


@pytest.fixture
def beheerder(maak_lid: Callable[..., Membership], organisatie: Organisatie) -> Membership:
    return maak_lid(Rol.BEHEERDER, organisatie, "ben")


def kies(kaderbeheerder: Membership, beheerder: Membership, tekst: str) -> str:
    versie = importeer(kaderbeheerder, tekst)
    beheer.stel_kader_vast(actor=kaderbeheerder, versie=versie, geldig_vanaf=VANDAAG)
    beheer.kies_kader(actor=beheerder, kader_id=versie.kader_id)
    return versie.kader_id


def loop_tot_de_evaluatie(actor: Membership, casus: Any, voorkeur: str) -> None:
    """Answer the afwegingen as far as the evaluation: no onveiligheid, own help, accepted;
    the option with id ``voorkeur`` where the afweging has one with the wanted meaning."""
    wil = {"vermoeden": "ja", "onveiligheid": "nee", "eigen_hulp": "ja", "aanvaarding": "ja"}
    while True:
        stand = selectors.stap5_stand(casus)
        volgende = stand.volgende
        assert volgende is not None
        if volgende.rol.value == "resultaat":
            return
        passend = [o for o in volgende.opties if o.betekenis.value == wil[volgende.rol.value]]
        optie = next((o for o in passend if o.id == voorkeur), passend[0])
        vt = VT if stand.samen_met_veilig_thuis else ZONDER_VT
        voorwaarden = None
        if volgende.rol.value == "eigen_hulp":
            catalogus = next(
                c
                for c in stand.kader.model.catalogi
                if c.soort.value == "voorwaarden" and volgende.id in (c.afwegingen or [])
            )
            voorwaarden = {
                i.id: {"status": "voldaan", "toelichting": "Geregeld."} for i in catalogus.items
            }
        services.beantwoord_afweging(
            actor=actor,
            casus=casus,
            afweging=volgende.id,
            antwoord=optie.id,
            toelichting="Afgewogen met de aandachtsfunctionaris.",
            voorwaarden=voorwaarden,
            **vt,
        )


def lees_alle_paginas(client: Any, casus: Any) -> str:
    """Every page of one casus, from the resolver (nothing listed by hand): each address whose
    only parameter is the casus; what answers GET with a page is read."""
    teksten = []
    for adres in alle_adressen():
        if adres.parameters != ("casus_id",) or not adres.naam.startswith("web:"):
            continue
        antwoord = client.get(reverse(adres.naam, args=[casus.uuid]))
        assert antwoord.status_code in (200, 302, 405), adres.naam
        if antwoord.status_code == 200 and antwoord["Content-Type"].startswith("text/html"):
            teksten.append(antwoord.content.decode())
    assert len(teksten) >= 14
    return "\n".join(teksten)


def zonder_basiswoorden(html: str, kadertekst: str, *, eigen_ids: bool) -> None:
    """No basis question on the pages, unless the framework itself asks it in those words."""
    tekst = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    eigen = re.sub(r"\s+", " ", kadertekst)
    for woorden in basisvragen():
        if " ".join(woorden) not in eigen:
            assert " ".join(woorden) not in tekst
    if eigen_ids:
        # The app's own prose names an afweging by the framework's id; with ids that are no
        # numbers, a lower-case "afweging 3" can only be basis numbering. (Citations of the
        # Basisdocument say "Afweging 3" after the hoofdstuk, with a capital.)
        gevonden = re.findall(r"[^.]{0,60}\bafweging(?:en)? [1-5]\b[^.]{0,30}", tekst)
        assert not gevonden, gevonden
        assert "vier voorwaarden" not in tekst.replace("toelichting op de vier voorwaarden", "")


def test_herschreven_kader_op_elke_pagina(kaderbeheerder, beheerder, beroepskracht, client_van):
    kadertekst = herschreven_kader()
    kies(kaderbeheerder, beheerder, kadertekst)
    casus = open_casus(beroepskracht)
    maak_klaar_voor_stap5(beroepskracht, casus)
    loop_tot_de_evaluatie(beroepskracht, casus, "extra")
    leg_hulpplan_vast(beroepskracht, casus)
    client = client_van(beroepskracht)
    html = lees_alle_paginas(client, casus)
    zonder_basiswoorden(html, kadertekst, eigen_ids=True)
    # The framework's own question and its extra answers are on the pages.
    assert "Eigen vraag over resultaat in de woorden van het vak?" in html
    assert "Evaluatie van de hulp (afweging resultaat)" in html
    assert "Deels: nog geen herstel van veiligheid" in html
    # The extra answer at the resultaat can be chosen in the evaluation: it means nee.
    antwoord = client.post(
        reverse("web:evaluatie", args=[casus.uuid]),
        {
            "versie": casus.__class__.objects.get(pk=casus.pk).versie,
            "datum": GISTEREN.isoformat(),
            "bevindingen": "Ruzies gaan door.",
            "resultaat": "extra",
            "toelichting": "Nog geen herstel van veiligheid.",
            "vt_contact": VT["vt_contact"],
            "vt_datum": GISTEREN.isoformat(),
        },
    )
    assert antwoord.status_code == 302, antwoord.content.decode()[:3000]
    evaluatie = Evaluatie.objects.get(casus=casus)
    assert evaluatie.resultaat == "nee"
    assert evaluatie.antwoord is not None and evaluatie.antwoord.antwoord == "extra"
    html = lees_alle_paginas(client, casus)
    zonder_basiswoorden(html, kadertekst, eigen_ids=True)
    assert "Deels: nog geen herstel van veiligheid" in html  # the evaluation's own label


# Each shipped example with the route of its five afwegingen (the home situation).
MEEGELEVERD = [
    ("voorbeeld-onderwijs", "standaard"),
    ("voorbeeld-huisarts", "standaard"),
    ("voorbeeld-kinderopvang", "thuissituatie"),
    ("voorbeeld-jgz", "standaard"),
]


@pytest.mark.parametrize(("kader_id", "route"), MEEGELEVERD)
def test_meegeleverde_kaders_op_elke_pagina(
    kader_id, route, kaderbeheerder, beheerder, beroepskracht, client_van
):
    kadertekst = profession(kader_id)
    kies(kaderbeheerder, beheerder, kadertekst)
    casus = services.open_casus(actor=beroepskracht, titel="Zorgen", route=route)
    maak_klaar_voor_stap5(beroepskracht, casus)
    loop_tot_de_evaluatie(beroepskracht, casus, "")
    leg_hulpplan_vast(beroepskracht, casus)
    html = lees_alle_paginas(client_van(beroepskracht), casus)
    zonder_basiswoorden(html, kadertekst, eigen_ids=False)
