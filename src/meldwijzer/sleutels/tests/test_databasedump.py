"""A raw dump of the whole database holds none of the plaintext written through the services:
titles, names, birth dates, notes, toelichtingen, zienswijzen — not in the dossier tables, not in
the audit trail, not in the access log. (SQLite: ``iterdump``; PostgreSQL: ``pg_dump`` and every
table read as text.)"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from collections.abc import Iterator
from itertools import count

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from meldwijzer.dossier import selectors, services
from meldwijzer.dossier.inzage import InzageOpties, inzage
from meldwijzer.dossier.tests.bouwers import EERGISTEREN, GISTEREN

pytestmark = pytest.mark.django_db(transaction=True)

GEBOORTEDATUM = dt.date(2016, 2, 29)
_teller = count(1)


def geheim(waar: str) -> str:
    """A unique canary per place, easy to grep."""
    return f"GEHEIM{next(_teller):03d}{waar.upper()}"


def _vul(beroepskracht, collega) -> list[str]:
    """Two casussen with a canary in every free-text field; returns the canaries."""
    g: list[str] = []

    def t(waar: str) -> str:
        g.append(geheim(waar))
        return g[-1]

    casus = services.open_casus(actor=beroepskracht, titel=t("titel"))
    kind, moeder = _betrokkenen(beroepskracht, casus, t)
    _melding(beroepskracht, casus, t)
    _stappen_1_tot_4(beroepskracht, casus, kind, moeder, t)
    _stap_5_tot_afsluiting(beroepskracht, casus, t)
    services.heropen_casus(actor=beroepskracht, casus=casus, reden=t("heropenreden"))
    services.deel_casus(actor=beroepskracht, casus=casus, met=collega.user_id, recht="lezen")
    services.wissel_eigenaar(
        actor=beroepskracht, casus=casus, nieuwe_eigenaar=collega.user_id, reden=t("overdracht")
    )
    # A second casus that ends at afweging 1 = nee, with help outside the meldcode.
    tweede = services.open_casus(actor=collega, titel=t("titel"))
    services.leg_signaal_vast(
        actor=collega, casus=tweede, datum=GISTEREN, bron="eigen", aard="feit", tekst=t("signaal")
    )
    services.leg_consultatie_vast(
        actor=collega, casus=tweede, met_wie="collega", datum=GISTEREN, advies=t("advies")
    )
    services.leg_gesprek_vast(
        actor=collega, casus=tweede, gevoerd=True, met_wie="ouders", datum=GISTEREN, reactie="ok"
    )
    services.leg_weging_vast(actor=collega, casus=tweede, datum=GISTEREN, aard_en_ernst="gering")
    services.beantwoord_afweging(
        actor=collega, casus=tweede, afweging="1", antwoord="nee", toelichting=t("conclusie")
    )
    services.noteer_hulp_buiten_meldcode(
        actor=collega, casus=tweede, datum=GISTEREN, omschrijving=t("hulpbuiten")
    )
    return g


def _betrokkenen(beroepskracht, casus, t):
    naam = t("naamkind")
    kind = services.voeg_betrokkene_toe(
        actor=beroepskracht,
        casus=casus,
        rol="kind",
        relatie=t("relatie"),
        naam=naam,
        geboortedatum=GEBOORTEDATUM,
    )
    moeder = services.voeg_betrokkene_toe(
        actor=beroepskracht, casus=casus, rol="ouder", relatie=t("relatie"), leeftijd=35
    )
    return kind, moeder


def _melding(beroepskracht, casus, t) -> None:
    melding = services.leg_melding_vast(
        actor=beroepskracht,
        casus=casus,
        datum=GISTEREN,
        wijze="telefoon",
        vt_contact=t("vtcontact"),
        vt_kenmerk=t("vtkenmerk"),
        vooraf_geinformeerd=False,
        reden_niet_geinformeerd="veiligheid_kind",
        toelichting_niet_geinformeerd=t("nietgeinformeerd"),
        spoed=True,
        spoed_reden=t("spoed"),
    )
    services.leg_afspraak_veilig_thuis_vast(
        actor=beroepskracht,
        casus=casus,
        melding=melding,
        datum=GISTEREN,
        vt_contact=t("vtcontact"),
        wie_doet_wat=t("wiedoetwat"),
        resultaten=t("resultaten"),
        termijn_aantal=6,
        termijn_eenheid="weken",
    )
    services.leg_terugkoppeling_vast(
        actor=beroepskracht,
        casus=casus,
        melding=melding,
        datum=GISTEREN,
        uitkomst="onderzoek",
        toelichting=t("terugkoppeling"),
    )


def _stappen_1_tot_4(beroepskracht, casus, kind, moeder, t) -> None:
    services.leg_signaal_vast(
        actor=beroepskracht,
        casus=casus,
        datum=GISTEREN,
        bron="derde",
        bron_wie=t("bronwie"),
        aard="mening",
        tekst=t("signaal"),
    )
    services.leg_consultatie_vast(
        actor=beroepskracht,
        casus=casus,
        met_wie="collega",
        naam_functie=t("naamfunctie"),
        datum=GISTEREN,
        advies=t("advies"),
    )
    services.leg_gesprek_vast(
        actor=beroepskracht,
        casus=casus,
        gevoerd=True,
        met_wie=t("metwie"),
        datum=GISTEREN,
        reactie=t("reactie"),
        toelichting=t("toelichting"),
    )
    services.leg_weging_vast(
        actor=beroepskracht,
        casus=casus,
        datum=GISTEREN,
        aard_en_ernst=t("aardernst"),
        risicofactoren=t("risico"),
        beschermende_factoren=t("bescherm"),
    )
    services.leg_kindcheck_vast(
        actor=beroepskracht,
        casus=casus,
        betrokkene=moeder,
        condities=[],
        zorgt_voor_kinderen="ja",
        toelichting=t("kindcheck"),
    )
    services.leg_zienswijze_vast(
        actor=beroepskracht,
        casus=casus,
        betrokkene=kind,
        datum=GISTEREN,
        hoe="mondeling",
        tekst=t("zienswijze"),
    )


def _stap_5_tot_afsluiting(beroepskracht, casus, t) -> None:
    for afweging, antwoord in (("1", "ja"), ("2", "nee"), ("3", "ja"), ("4", "ja")):
        services.beantwoord_afweging(
            actor=beroepskracht,
            casus=casus,
            afweging=afweging,
            antwoord=antwoord,
            toelichting=t(f"afweging{afweging}"),
            voorwaarden={
                f"voorwaarde.{n}": {"status": "voldaan", "toelichting": t("voorwaarde")}
                for n in range(1, 5)
            }
            if afweging == "3"
            else None,
        )
    services.leg_hulpplan_vast(
        actor=beroepskracht,
        casus=casus,
        datum=EERGISTEREN,
        doelen=t("doelen"),
        resultaten=t("planresultaten"),
        wie_doet_wat=t("planwie"),
        monitoring=t("monitoring"),
        meerdere_beroepskrachten=True,
        casusregie=t("casusregie"),
        evaluatiedata=[GISTEREN],
    )
    services.leg_evaluatie_vast(
        actor=beroepskracht,
        casus=casus,
        datum=GISTEREN,
        bevindingen=t("bevindingen"),
        resultaat="ja",
        toelichting=t("evaluatie"),
    )
    services.sluit_traject_af(
        actor=beroepskracht,
        casus=casus,
        datum=timezone.localdate(),
        conclusie=t("afsluitconclusie"),
        casusregie_door=t("casusregiedoor"),
        afspraken=[
            {
                "wat": t("afspraakwat"),
                "wie": t("afspraakwie"),
                "partners": t("partners"),
                "tot_wanneer": timezone.localdate() + dt.timedelta(days=60),
            }
        ],
    )


def _dump() -> Iterator[str]:
    if connection.vendor == "sqlite":
        yield from connection.connection.iterdump()
        return
    with connection.cursor() as cursor:
        for tabel in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT t::text FROM "{tabel}" t')
            for (rij,) in cursor.fetchall():
                yield f"{tabel}: {rij}"
    pg_dump = shutil.which("pg_dump")
    if pg_dump:
        instellingen = connection.settings_dict
        uitvoer = subprocess.run(
            [
                pg_dump,
                "--data-only",
                "-h",
                instellingen["HOST"] or "127.0.0.1",
                "-p",
                str(instellingen["PORT"] or 5432),
                "-U",
                instellingen["USER"] or "postgres",
                instellingen["NAME"],
            ],
            capture_output=True,
            text=True,
            env={**os.environ, "PGPASSWORD": instellingen.get("PASSWORD") or ""},
        )
        if uitvoer.returncode == 0:  # a client that does not match the server is no finding
            yield uitvoer.stdout


def test_een_databasedump_toont_geen_platte_tekst(beroepskracht, collega, client_van):
    geheimen = _vul(beroepskracht, collega)
    casus = selectors.zichtbare_casussen(collega).order_by("pk").first()
    # Reading, searching and exporting leave access records: those hold no plaintext either.
    client = client_van(collega)
    for naam in ("web:casus", "web:tijdlijn", "web:signalen", "web:betrokkenen"):
        assert client.get(reverse(naam, args=[casus.uuid])).status_code == 200
    naam_kind = next(g for g in geheimen if "NAAMKIND" in g)
    client.post(reverse("web:casus_zoeken"), {"naam": naam_kind, "geboortedatum": GEBOORTEDATUM})
    client.get(
        reverse("web:inzage_bestand", args=[casus.uuid]), {"formaat": "json", "doel": "inzage"}
    )

    # The app itself reads every secret back (so each was really stored) ...
    leesbaar = str(inzage(casus, InzageOpties())) + "".join(
        str(g.nieuw) + str(g.reden) for g in casus.gebeurtenissen.all()
    )
    tweede = selectors.zichtbare_casussen(collega).order_by("pk").last()
    leesbaar += str(inzage(tweede, InzageOpties()))
    niet_gelezen = [g for g in geheimen if g not in leesbaar]
    assert not niet_gelezen, niet_gelezen

    # ... and the database holds none of them, nor the birth date.
    dump = "\n".join(_dump())
    assert "dossier_signaal" in dump or "INSERT INTO" in dump
    gevonden = [g for g in geheimen if g in dump]
    assert not gevonden, gevonden
    assert GEBOORTEDATUM.isoformat() not in dump


def test_de_dump_vindt_wat_wel_leesbaar_is(beroepskracht):
    """Control: text stored readably on purpose (a user's name) is found, so the test above would
    catch plaintext rather than pass because the dump is empty."""
    gebruiker = beroepskracht.user
    gebruiker.first_name = "ZICHTBAARKANARIE"
    gebruiker.save()
    services.open_casus(actor=beroepskracht, titel="GEHEIMCONTROLE")
    dump = "\n".join(_dump())
    assert "ZICHTBAARKANARIE" in dump
    assert "GEHEIMCONTROLE" not in dump
