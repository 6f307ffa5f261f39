"""The role × object × action matrix, generated from the URL resolver and the service modules.

Every role, in its own organisation and in another, against every address and every write
service: exactly what DESIGN.md ('Who uses it') allows, nothing more. An address or a service
the matrix does not classify fails the test — a new page must be given its rule here first.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404

from meldwijzer.accounts import beheer, permissions
from meldwijzer.dossier import services
from meldwijzer.dossier.models import Casus
from meldwijzer.web.tests.wereld import (
    Adres,
    Wereld,
    alle_adressen,
    bouw_wereld,
    inhoud,
    url,
    zonder_gevolgen,
)

pytestmark = pytest.mark.django_db

IEDEREEN = frozenset(
    {
        "eigenaar",
        "collega",
        "lezer",
        "schrijver",
        "af",
        "beheerder",
        "po",
        "bk_b",
        "af_b",
        "beheerder_b",
        "po_b",
        "kb",  # kaderbeheerder of a beroepsorganisatie (deployment-wide; docs/adr/0006)
    }
)
LEDEN_A = frozenset({"eigenaar", "collega", "lezer", "schrijver", "af", "beheerder", "po"})
CASUSWERKERS = frozenset({"eigenaar", "collega", "lezer", "schrijver", "af", "bk_b", "af_b"})
# Of casus A: who sees it, who records in it, who shares and hands it over.
ZIEN = frozenset({"eigenaar", "lezer", "schrijver", "af"})
BEWERKEN = frozenset({"eigenaar", "schrijver", "af"})
DELEN = frozenset({"eigenaar", "af"})

# Addresses without a casus in them: who may use them. (Casus addresses follow ZIEN.)
OPENBAAR = "openbaar"  # also without login
INGELOGD = "ingelogd"  # any logged-in user (both factors)
# The REST API (docs/api.md) takes no session at all: every address answers 401 to a browser, logged
# in or not. Its token × role × object matrix is in api/tests/test_matrix.py.
API = "api"
ADRESREGELS: dict[str, tuple[str, frozenset[str]]] = {
    "set_language": (OPENBAAR, IEDEREEN),
    "web:health": (OPENBAAR, IEDEREEN),
    "web:inloggen": (OPENBAAR, IEDEREEN),
    "web:inloggen_code": (OPENBAAR, IEDEREEN),
    "web:tweestaps_instellen": (OPENBAAR, IEDEREEN),
    # Single sign-on (docs/sso.md): the way to the identity provider and back, for everyone.
    "web:sso_inloggen": (OPENBAAR, IEDEREEN),
    "web:sso_terug": (OPENBAAR, IEDEREEN),
    "web:start": (INGELOGD, IEDEREEN),
    "web:uitloggen": (INGELOGD, IEDEREEN),
    "web:account": (INGELOGD, IEDEREEN),
    "web:over": (INGELOGD, IEDEREEN),
    "web:wachtwoord_wijzigen": (INGELOGD, IEDEREEN),
    "web:herstelcodes_vernieuwen": (INGELOGD, IEDEREEN),
    "web:overal_uitloggen": (INGELOGD, IEDEREEN),
    "web:organisatie": (INGELOGD, IEDEREEN),
    "web:casussen": (INGELOGD, CASUSWERKERS),
    "web:casus_nieuw": (INGELOGD, CASUSWERKERS),
    "web:casus_importeren": (INGELOGD, CASUSWERKERS),  # a casus from another organisation
    "web:beheer_gebruikers": (INGELOGD, frozenset({"beheerder", "beheerder_b"})),
    # The membership in the URL is one of organisation A: B's beheerder gets 404.
    "web:beheer_gebruiker": (INGELOGD, frozenset({"beheerder"})),
    "web:beheer_gebruiker_actie": (INGELOGD, frozenset({"beheerder"})),
    "web:logboek": (INGELOGD, frozenset({"po", "po_b"})),
    # Termijnen for casus workers; the dashboard for the aandachtsfunctionaris; the
    # annual figures (anonymous counts) for the aandachtsfunctionaris and the beheerder.
    "web:termijnen": (INGELOGD, CASUSWERKERS),
    "web:dashboard": (INGELOGD, frozenset({"af", "af_b"})),
    "web:jaarcijfers": (INGELOGD, frozenset({"af", "af_b", "beheerder", "beheerder_b"})),
    "web:jaarcijfers_csv": (INGELOGD, frozenset({"af", "af_b", "beheerder", "beheerder_b"})),
    # Exporting the log; finding a casus by betrokkene (blind index); retention.
    "web:logboek_export": (INGELOGD, frozenset({"po", "po_b"})),
    "web:casus_zoeken": (INGELOGD, CASUSWERKERS),
    "web:beheer_bewaartermijn": (INGELOGD, frozenset({"beheerder", "beheerder_b"})),
    # The periodic jobs of the installation (no casus data): every organisation's beheerder.
    "web:beheer_taken": (INGELOGD, frozenset({"beheerder", "beheerder_b"})),
    # Frameworks (docs/adr/0006): published versions are for everyone logged in to read; the
    # kaderbeheerder imports and publishes; the beheerder chooses; the AF counts per version.
    "web:kaders": (INGELOGD, IEDEREEN),
    "web:kader_versie": (INGELOGD, IEDEREEN),
    "web:kader_toets": (INGELOGD, IEDEREEN),
    "web:kader_verschil": (INGELOGD, IEDEREEN),
    "web:kader_importeren": (INGELOGD, frozenset({"kb"})),
    "web:kader_vaststellen": (INGELOGD, frozenset({"kb"})),
    "web:kader_verwijderen": (INGELOGD, frozenset({"kb"})),
    # The translation of a framework (ADR 0029): its own beroepsorganisatie's kaderbeheerder.
    "web:kader_vertaling_uploaden": (INGELOGD, frozenset({"kb"})),
    "web:kader_vertaling_intrekken": (INGELOGD, frozenset({"kb"})),
    "web:kader_gebruik": (INGELOGD, frozenset({"af", "af_b"})),
    "web:beheer_kader": (INGELOGD, frozenset({"beheerder", "beheerder_b"})),
    # Applications that use the API (docs/api.md): the organisation's beheerder.
    "web:beheer_applicaties": (INGELOGD, frozenset({"beheerder", "beheerder_b"})),
    "web:beheer_applicatie_intrekken": (INGELOGD, frozenset({"beheerder", "beheerder_b"})),
    # Approving and revoking the applications that act for oneself (docs/adr/0010).
    "web:mijn_applicaties": (INGELOGD, CASUSWERKERS),
    "web:mijn_applicatie_goedkeuren": (INGELOGD, CASUSWERKERS),
    "web:mijn_applicatie_intrekken": (INGELOGD, CASUSWERKERS),
    # The sociale kaart (docs/sociale-kaart.md): every member of the organisation reads it, the
    # beheerder keeps it; the contact in the URL is one of organisation A (B's beheerder: 404).
    "web:sociale_kaart": (INGELOGD, IEDEREEN - {"kb"}),
    "web:sociale_kaart_nieuw": (INGELOGD, frozenset({"beheerder", "beheerder_b"})),
    "web:sociale_kaart_contact": (INGELOGD, frozenset({"beheerder"})),
    "web:sociale_kaart_verwijderen": (INGELOGD, frozenset({"beheerder"})),
    # The meldcode document (docs/meldcode.md): every member reads the adopted version (version 1
    # of A in the world; B has none), the beheerder writes, generates and adopts.
    "web:meldcode": (INGELOGD, IEDEREEN - {"kb"}),
    "web:meldcode_versie": (INGELOGD, LEDEN_A),
    "web:meldcode_versie_pdf": (INGELOGD, LEDEN_A),
    "web:meldcode_versie_odt": (INGELOGD, LEDEN_A),
    "web:meldcode_beheer": (INGELOGD, frozenset({"beheerder", "beheerder_b"})),
    "web:meldcode_nieuwe_versie": (INGELOGD, frozenset({"beheerder", "beheerder_b"})),
    "web:meldcode_vaststellen": (INGELOGD, frozenset({"beheerder"})),
    # Practice mode (docs/handleiding-oefenen.md): casus workers practise on their own
    # organisation's oefencasussen; the aandachtsfunctionaris writes them, withdraws them and sees
    # their totals; an attempt (of the eigenaar, in the world) is read by its learner only.
    "web:oefenen": (INGELOGD, CASUSWERKERS),
    "web:oefencasus_nieuw": (INGELOGD, frozenset({"af", "af_b"})),
    "web:oefencasus": (INGELOGD, frozenset({"eigenaar", "collega", "lezer", "schrijver", "af"})),
    "web:oefenen_beginnen": (
        INGELOGD,
        frozenset({"eigenaar", "collega", "lezer", "schrijver", "af"}),
    ),
    "web:oefencasus_intrekken": (INGELOGD, frozenset({"af"})),
    "web:oefencasus_totalen": (INGELOGD, frozenset({"af"})),
    "web:oefening": (INGELOGD, frozenset({"eigenaar"})),
    # The API's description and docs page: public, no data.
    "api_start": (OPENBAAR, IEDEREEN),
    "api:api-root": (OPENBAAR, IEDEREEN),
    "api:openapi-json": (OPENBAAR, IEDEREEN),
    "api:openapi-view": (OPENBAAR, IEDEREEN),
}
# Who may act (POST) on a casus address, where that is not "who records in the casus". Whoever
# sees the casus but may not act gets 403 (or the form back); whoever does not see it, 404.
CASUS_HANDELEN: dict[str, frozenset[str]] = {
    "web:samenwerken": DELEN,
    "web:deling_intrekken": DELEN,
    "web:kader_wisselen": DELEN,  # switching the framework version: owner and AF (docs/adr/0006)
    "web:casus_exporteren": DELEN,  # transfer to another organisation (docs/handleiding-casus.md)
}

GEWEIGERD = {403, 404}


def regel_voor(adres: Adres) -> tuple[str, frozenset[str]]:
    if adres.naam.startswith("api:") and adres.naam not in ADRESREGELS:
        return API, frozenset()
    if adres.casusgebonden:
        return INGELOGD, ZIEN
    assert adres.naam in ADRESREGELS, (
        f"Address {adres.naam} ({adres.route}) is not in the role matrix. Add it to "
        "ADRESREGELS in web/tests/test_rollen_matrix.py with who may use it (DESIGN.md)."
    )
    return ADRESREGELS[adres.naam]


@pytest.fixture
def wereld() -> Wereld:
    return bouw_wereld()


def test_elk_adres_staat_in_de_matrix():
    adressen = alle_adressen()
    assert len(adressen) > 20
    for adres in adressen:
        regel_voor(adres)
    bekend = {a.naam for a in adressen}
    assert not set(ADRESREGELS) - bekend, "rules for addresses that no longer exist"


def _vraag(client: Any, methode: str, pad: str) -> Any:
    if methode == "get":
        return zonder_gevolgen(lambda: client.get(pad))
    return zonder_gevolgen(lambda: client.post(pad, {}))


@pytest.mark.parametrize("wie", sorted(IEDEREEN))
def test_rol_matrix_van_de_adressen(wereld: Wereld, wie: str):
    """Each actor against every address (GET and an empty POST): allowed ones answer, the rest
    refuse — 404 on a casus or a user one may not see, 403 on a page of another role."""
    fouten = []
    for adres in alle_adressen():
        soort, mag = regel_voor(adres)
        pad = url(adres, wereld.waarden)
        for methode in ("get", "post"):
            client = wereld.client(wie)  # fresh: logging out must not end the rest of the walk
            antwoord = _vraag(client, methode, pad)
            status = antwoord.status_code
            tekst = inhoud(antwoord)
            fout = f"{wie} {methode.upper()} {pad}: {status}"
            alleen_post = status == 405 and methode == "get"  # for everyone alike: reveals nothing
            if status >= 500:
                fouten.append(f"{fout}, a server error")
            elif soort == API:
                if status not in (401, 405):
                    fouten.append(f"{fout}, expected 401: the API takes no session")
            elif wie in mag:
                # A reader of a shared casus sees it; writing is refused by the services (403).
                handelen = CASUS_HANDELEN.get(adres.naam, BEWERKEN)
                lezer = adres.casusgebonden and methode == "post" and wie not in handelen
                if status == 404 or (status == 403 and not lezer):
                    fouten.append(f"{fout}, expected access")
            elif adres.casusgebonden:
                if not (status == 404 or alleen_post):
                    fouten.append(f"{fout}, expected 404: a casus one may not see is not there")
                for geheim in (wereld.casus_a.titel, wereld.casus_a.kenmerk):
                    if geheim in tekst:
                        fouten.append(f"{fout}, shows '{geheim}'")
            elif not (status in GEWEIGERD or alleen_post):
                fouten.append(f"{fout}, expected 403 (another role's page) or 404")
    assert not fouten, "\n".join(fouten)


def test_zonder_inloggen_alleen_openbare_adressen(wereld: Wereld):
    from django.test import Client

    for adres in alle_adressen():
        soort, _mag = regel_voor(adres)
        pad = url(adres, wereld.waarden)
        antwoord = Client().get(pad)
        if soort == API:
            assert antwoord.status_code in (401, 405), pad
        elif soort == OPENBAAR or antwoord.status_code == 405:  # 405: POST-only, for everyone
            assert antwoord.status_code in (200, 302, 405), pad
        else:
            assert antwoord.status_code == 302, pad
            assert antwoord["Location"].startswith("/inloggen/"), pad


# --- the services: every write function, every actor ---------------------------------------

SERVICE_REGELS: dict[str, frozenset[str]] = {
    "open_casus": CASUSWERKERS,
    "deel_casus": DELEN,
    "trek_deling_in": DELEN,
    "wissel_eigenaar": DELEN,
    # Transfer to another organisation (docs/handleiding-casus.md): exported by whoever shares and
    # hands over;
    # imported by whoever may open a casus in the receiving organisation.
    "exporteer_casus": DELEN,
    "importeer_casus": CASUSWERKERS,
    "wissel_kaderversie": DELEN,
    "importeer_kader": frozenset({"kb"}),
    "stel_kader_vast": frozenset({"kb"}),
    "verwijder_conceptkader": frozenset({"kb"}),
    "kies_kader": frozenset({"beheerder", "beheerder_b"}),
}
PREDICATEN = {"mag_delen": DELEN}
VOORBEELDEN: dict[str, Any] = {"titel": "Nieuwe casus", "reden": "verlof"}


class _Terugdraaien(Exception):
    pass


def _uitkomst(functie: Callable[..., Any], kwargs: dict[str, Any]) -> str:
    try:
        with transaction.atomic():
            functie(**kwargs)
            raise _Terugdraaien
    except _Terugdraaien:
        return "toegestaan"
    except PermissionDenied:
        return "geweigerd"
    except Http404:
        return "niet gevonden"
    except Exception:  # refused later, for the input: the permission check was passed
        return "toegestaan"


def _argumenten(functie: Callable[..., Any], **vast: Any) -> dict[str, Any]:
    kwargs = dict(vast)
    for naam, parameter in inspect.signature(functie).parameters.items():
        if naam in kwargs or parameter.default is not inspect.Parameter.empty:
            continue
        kwargs[naam] = VOORBEELDEN.get(naam)
    return kwargs


def _schrijffuncties() -> list[tuple[str, Callable[..., Any]]]:
    gevonden: list[tuple[str, Callable[..., Any]]] = []
    for naam in services.__all__:
        functie = getattr(services, naam)
        if inspect.isfunction(functie) and "actor" in inspect.signature(functie).parameters:
            gevonden.append((naam, functie))
    return gevonden


def test_elke_dienst_staat_in_de_matrix():
    for naam, functie in _schrijffuncties():
        if naam in PREDICATEN or naam in SERVICE_REGELS:
            continue
        assert "casus" in inspect.signature(functie).parameters, (
            f"dossier.services.{naam} takes an actor but no casus: give it a rule in "
            "SERVICE_REGELS in web/tests/test_rollen_matrix.py."
        )


@pytest.mark.parametrize("naam", [n for n, _f in _schrijffuncties()])
def test_rol_matrix_van_de_diensten(wereld: Wereld, naam: str):
    """Every write service refuses (PermissionDenied) whoever may not, before anything else."""
    functie = getattr(services, naam)
    heeft_casus = "casus" in inspect.signature(functie).parameters
    for wie in sorted(IEDEREEN):
        actor = wereld.leden[wie]
        if naam in PREDICATEN:
            assert functie(actor, wereld.casus_a) is (wie in PREDICATEN[naam]), (naam, wie)
            continue
        vast: dict[str, Any] = {"actor": actor}
        if heeft_casus:
            vast["casus"] = wereld.casus_a
        mag = SERVICE_REGELS.get(naam, BEWERKEN)
        uitkomst = _uitkomst(functie, _argumenten(functie, **vast))
        verwacht = "toegestaan" if wie in mag else "geweigerd"
        assert uitkomst == verwacht, f"{naam} by {wie}: {uitkomst}, expected {verwacht}"


BEHEERDIENSTEN: dict[str, dict[str, Any]] = {
    "wijzig_rol": {"rol": "beroepskracht"},
    "zet_actief": {"actief": False},
    "reset_tweestaps_van": {},
    "ontgrendel": {},
    "nieuw_wachtwoord": {"wachtwoord": "een nieuwe lange wachtzin"},
}


@pytest.mark.parametrize("naam", sorted(BEHEERDIENSTEN))
def test_rol_matrix_van_het_gebruikersbeheer(wereld: Wereld, naam: str):
    """Only the beheerder of the member's own organisation; B's beheerder does not find it."""
    functie = getattr(beheer, naam)
    for wie in sorted(IEDEREEN):
        uitkomst = _uitkomst(
            functie,
            {
                "actor": wereld.leden[wie],
                "membership": wereld.leden["collega"],
                **BEHEERDIENSTEN[naam],
            },
        )
        verwacht = {"beheerder": "toegestaan", "beheerder_b": "niet gevonden"}.get(wie, "geweigerd")
        assert uitkomst == verwacht, f"{naam} by {wie}: {uitkomst}, expected {verwacht}"
    nieuw = _uitkomst(
        beheer.maak_gebruiker,
        {
            "actor": wereld.leden["po"],
            "gebruikersnaam": "x",
            "voornaam": "",
            "achternaam": "",
            "rol": "aandachtsfunctionaris",
            "wachtwoord": "een nieuwe lange wachtzin",
        },
    )
    assert nieuw == "geweigerd"


@pytest.mark.parametrize("wie", sorted(IEDEREEN))
def test_regels_in_permissions_zelf(wereld: Wereld, wie: str):
    """The rule functions agree with the matrix, for casus A and for B's casus."""
    lid = wereld.leden[wie]
    assert permissions.mag_casus_zien(lid, wereld.casus_a) is (wie in ZIEN)
    assert permissions.mag_casus_bewerken(lid, wereld.casus_a) is (wie in BEWERKEN)
    assert permissions.mag_casus_delen(lid, wereld.casus_a) is (wie in DELEN)
    zichtbaar = set(
        Casus.objects.filter(permissions.casus_filter(lid)).values_list("pk", flat=True)
    )
    assert (wereld.casus_a.pk in zichtbaar) is (wie in ZIEN)
    assert (wereld.casus_b.pk in zichtbaar) is (wie in {"bk_b", "af_b"})


def test_beheerder_wijzigt_zichzelf_niet(wereld: Wereld):
    """No quiet escalation: a beheerder cannot give themselves a casus role."""
    from django.core.exceptions import ValidationError

    zelf = wereld.leden["beheerder"]
    with pytest.raises(ValidationError):
        beheer.wijzig_rol(actor=zelf, membership=zelf, rol="aandachtsfunctionaris")
    zelf.refresh_from_db()
    assert zelf.rol == "beheerder"
