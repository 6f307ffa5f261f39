"""The inzage export marks each superseded besluit, in a fixed number of queries however many
besluiten a casus has."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from meldwijzer.dossier.inzage import InzageOpties, inzage
from meldwijzer.dossier.models import Besluit
from meldwijzer.dossier.tests.bouwers import beantwoord, maak_klaar_voor_stap5


def _queries(casus) -> tuple[int, list[bool]]:
    with CaptureQueriesContext(connection) as vastgelegd:
        besluiten = inzage(casus, InzageOpties())["besluiten"]
    return len(vastgelegd.captured_queries), [b["vervangen"] for b in besluiten]


def test_vervangen_besluiten_zonder_query_per_besluit(beroepskracht, casus):
    maak_klaar_voor_stap5(beroepskracht, casus)
    beantwoord(beroepskracht, casus, {"1": "ja", "2": "ja"})
    minder, vlaggen = _queries(casus)
    assert vlaggen[-1] is False
    beantwoord(beroepskracht, casus, {"3": "ja", "4": "ja"})
    meer, vlaggen = _queries(casus)
    aantal = Besluit.objects.filter(casus=casus).count()
    assert len(vlaggen) == aantal >= 2
    assert vlaggen == [True] * (aantal - 1) + [False]
    assert meer <= minder  # not one more query per besluit
