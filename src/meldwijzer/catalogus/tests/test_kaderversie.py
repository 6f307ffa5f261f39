"""Framework versions keyed by content hash; a casus and its besluiten keep theirs."""

from __future__ import annotations

import json

import pytest
from django.db import IntegrityError, connection
from django.utils import timezone

from meldwijzer.catalogus import services as kaders
from meldwijzer.catalogus.models import (
    KaderHashFout,
    KaderVersie,
    KaderVersieOnveranderlijk,
    _kader_cache,
)
from meldwijzer.dossier import services
from meldwijzer.kader import laad_kader, laad_tekst, meegeleverde_kaders

pytestmark = pytest.mark.django_db


def test_laden_is_idempotent():
    eerste = kaders.actuele_kaderversie()
    tweede = kaders.laad_kaderversie(laad_kader("basis"))
    assert eerste == tweede
    assert KaderVersie.objects.count() == 1
    assert eerste.hash == laad_kader("basis").hash
    assert "hash" not in eerste.inhoud  # the file format, without the export's extra key


def test_hash_is_uniek():
    versie = kaders.actuele_kaderversie()
    with pytest.raises(IntegrityError):
        KaderVersie.objects.create(
            kader_id="basis", versie="x", titel="x", hash=versie.hash, inhoud={}
        )


def test_opgeslagen_inhoud_geeft_hetzelfde_kader():
    versie = kaders.actuele_kaderversie()
    _kader_cache.clear()
    kader = versie.kader()
    assert kader.hash == versie.hash
    assert kader.model == laad_kader("basis").model


def test_gewijzigde_inhoud_wordt_herkend():
    """The model refuses to change a published version; content changed behind its back (by
    SQL) is caught by the hash."""
    versie = kaders.actuele_kaderversie()
    inhoud = dict(versie.inhoud, titel="Een ander kader")
    with pytest.raises(KaderVersieOnveranderlijk):
        KaderVersie.objects.filter(pk=versie.pk).update(inhoud=inhoud)
    with connection.cursor() as cursor:
        tabel = connection.ops.quote_name(KaderVersie._meta.db_table)
        cursor.execute(
            f"UPDATE {tabel} SET inhoud = %s WHERE id = %s",
            [json.dumps(inhoud), versie.pk],
        )
    versie.refresh_from_db()
    _kader_cache.clear()
    with pytest.raises(KaderHashFout):
        versie.kader()
    _kader_cache.clear()


def test_een_nieuwe_versie_laat_oude_casussen_en_besluiten_staan(beroepskracht, casus_stap5):
    services.beantwoord_afweging(
        actor=beroepskracht, casus=casus_stap5, afweging="1", antwoord="ja"
    )
    services.beantwoord_afweging(
        actor=beroepskracht, casus=casus_stap5, afweging="2", antwoord="nee"
    )
    oud = casus_stap5.kader_versie
    tekst = meegeleverde_kaders()["basis"].read_text(encoding="utf-8")
    nieuw_kader = laad_tekst(tekst.replace('versie: "2018.2"', 'versie: "2025.1"'))
    nieuw = kaders.laad_kaderversie(nieuw_kader)
    assert nieuw.hash != oud.hash and KaderVersie.objects.count() == 2
    assert not nieuw.is_vastgesteld  # a new version is a concept until it is published
    nieuw = kaders.publiceer_kaderversie(nieuw, geldig_vanaf=timezone.localdate())
    nieuwe_casus = services.open_casus(actor=beroepskracht, titel="Nieuw", kader_versie=nieuw)
    casus_stap5.refresh_from_db()
    assert casus_stap5.kader_versie == oud
    assert nieuwe_casus.kader_versie == nieuw
    besluit = casus_stap5.besluiten.get()
    assert besluit.kader_versie == oud
    assert besluit.uitkomst["kader"]["versie"] == "2018.2"
    assert besluit.herbereken() == besluit.uitkomst
