"""Two processes writing the same casus at the same moment, on a real PostgreSQL server.

Row locks (``select_for_update``) and unique constraints decide who wins; the loser gets a Dutch
error and nothing is stored half. SQLite serialises writers with one database-wide lock and an
in-memory test database cannot be shared between processes, so these tests need PostgreSQL; CI
runs the suite on both (scripts/test.sh).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import traceback
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from meldwijzer.accounts.models import Membership
from meldwijzer.audit.models import Gebeurtenis
from meldwijzer.dossier import services
from meldwijzer.dossier.models import Antwoord, Besluit, Casus, Kindcheck, Signaal
from meldwijzer.dossier.tests.bouwers import maak_klaar_voor_stap5

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "connection.vendor != 'postgresql'",
        reason="gelijktijdige processen vragen een databaseserver (PostgreSQL)",
    ),
]

GISTEREN = timezone.localdate() - dt.timedelta(days=1)


def _tegelijk(*taken: Callable[[], Any]) -> list[str]:
    """Run each task in its own forked process, released at the same instant; their outcomes."""
    ctx = multiprocessing.get_context("fork")
    start = ctx.Barrier(len(taken))
    uitkomsten = ctx.Queue()

    def draai(i: int, taak: Callable[[], Any]) -> None:
        connections.close_all()  # never share the parent's socket: open our own connection
        try:
            start.wait(timeout=30)
            taak()
            uitkomsten.put((i, "ok"))
        except ValidationError as fout:
            uitkomsten.put((i, "geweigerd: " + " ".join(fout.messages)))
        except Exception:
            uitkomsten.put((i, "fout: " + traceback.format_exc()))
        finally:
            connections.close_all()

    connection.close()  # the children must not inherit an open connection
    processen = [ctx.Process(target=draai, args=(i, t)) for i, t in enumerate(taken)]
    for p in processen:
        p.start()
    resultaat = dict(uitkomsten.get(timeout=60) for _ in processen)
    for p in processen:
        p.join(timeout=30)
        assert p.exitcode == 0
    return [resultaat[i] for i in range(len(taken))]


def test_twee_signalen_tegelijk_gaan_allebei_goed(
    beroepskracht: Membership, aandachtsfunctionaris: Membership, casus: Casus
) -> None:
    def signaal(lid: Membership, tekst: str) -> Callable[[], Any]:
        return lambda: services.leg_signaal_vast(
            actor=lid, casus=casus, datum=GISTEREN, bron="eigen", aard="feit", tekst=tekst
        )

    uitkomsten = _tegelijk(
        signaal(beroepskracht, "Eerste waarneming."),
        signaal(aandachtsfunctionaris, "Tweede waarneming."),
    )
    assert uitkomsten == ["ok", "ok"]
    teksten = sorted(s.tekst for s in Signaal.objects.filter(casus=casus))
    assert teksten == ["Eerste waarneming.", "Tweede waarneming."]
    assert Gebeurtenis.objects.filter(casus=casus, soort="signaal.vastgelegd").count() == 2


def test_zelfde_afweging_tegelijk_een_wint_de_ander_krijgt_een_melding(
    beroepskracht: Membership, aandachtsfunctionaris: Membership, casus: Casus
) -> None:
    maak_klaar_voor_stap5(beroepskracht, casus)

    def antwoord(lid: Membership, waarde: str) -> Callable[[], Any]:
        return lambda: services.beantwoord_afweging(
            actor=lid, casus=casus, afweging="1", antwoord=waarde, toelichting="Conclusie."
        )

    uitkomsten = _tegelijk(antwoord(beroepskracht, "ja"), antwoord(aandachtsfunctionaris, "ja"))
    assert sorted(u.split(":")[0] for u in uitkomsten) == ["geweigerd", "ok"], uitkomsten
    geweigerd = next(u for u in uitkomsten if u.startswith("geweigerd"))
    assert "niet aan de beurt" in geweigerd
    assert Antwoord.objects.filter(casus=casus, afweging="1").count() == 1


def test_besluit_door_twee_verzoeken_tegelijk_geeft_precies_een_huidig_besluit(
    beroepskracht: Membership, aandachtsfunctionaris: Membership, casus: Casus
) -> None:
    maak_klaar_voor_stap5(beroepskracht, casus)
    services.beantwoord_afweging(actor=beroepskracht, casus=casus, afweging="1", antwoord="ja")

    def antwoord(lid: Membership, waarde: str) -> Callable[[], Any]:
        return lambda: services.beantwoord_afweging(
            actor=lid, casus=casus, afweging="2", antwoord=waarde, toelichting="Gewogen."
        )

    uitkomsten = _tegelijk(antwoord(beroepskracht, "ja"), antwoord(aandachtsfunctionaris, "nee"))
    assert sorted(u.split(":")[0] for u in uitkomsten) == ["geweigerd", "ok"], uitkomsten
    besluiten = Besluit.objects.filter(casus=casus)
    assert besluiten.count() == 1
    huidig = [b for b in besluiten if not Besluit.objects.filter(vervangt=b).exists()]
    assert len(huidig) == 1
    antwoorden = Antwoord.objects.filter(casus=casus, afweging="2")
    assert antwoorden.count() == 1
    # The stored besluit is the winner's, recomputed on the server from the stored answers.
    winnaar = antwoorden.get().antwoord
    assert huidig[0].antwoorden_dict["2"] == winnaar
    verwacht = ["melden"] if winnaar == "ja" else []
    assert huidig[0].uitkomst["acties"] == verwacht


def test_twee_verouderde_formulieren_tegelijk_een_wint_de_ander_krijgt_een_duidelijke_melding(
    beroepskracht: Membership, aandachtsfunctionaris: Membership, casus: Casus
) -> None:
    """No lost work (docs/adr/0004, 0013): both opened the Kindcheck of the same adult at the
    same casus version; the second save is refused with a Dutch message that says what changed,
    and stores nothing. (Two new signalen both land: they replace nothing.)"""
    moeder = services.voeg_betrokkene_toe(
        actor=beroepskracht, casus=casus, rol="volwassene", relatie="moeder", leeftijd=40
    )
    geopend = Casus.objects.get(pk=casus.pk).versie

    def kindcheck(lid: Membership) -> Callable[[], Any]:
        return lambda: services.leg_kindcheck_vast(
            actor=lid, casus=casus, betrokkene=moeder, condities=[], versie=geopend
        )

    uitkomsten = _tegelijk(kindcheck(beroepskracht), kindcheck(aandachtsfunctionaris))
    assert sorted(u.split(":")[0] for u in uitkomsten) == ["geweigerd", "ok"], uitkomsten
    geweigerd = next(u for u in uitkomsten if u.startswith("geweigerd"))
    assert "veranderde de Kindcheck van deze betrokkene" in geweigerd
    assert "staat nog in het formulier" in geweigerd
    assert Kindcheck.objects.filter(casus=casus).count() == 1
    assert Gebeurtenis.objects.filter(casus=casus, soort="kindcheck.vastgelegd").count() == 1
    assert Casus.objects.get(pk=casus.pk).versie == geopend + 1
