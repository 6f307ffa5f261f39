"""Several processes appending to the same organisation's chains at once, on PostgreSQL: the chain
head's row lock keeps the chain whole (no gaps, no doubles) and it verifies; another
organisation's writer does not wait for them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection  # noqa: F401  (read by the skipif condition)

from meldwijzer.accounts.models import Membership
from meldwijzer.audit import keten
from meldwijzer.audit.models import Gebeurtenis, Toegang
from meldwijzer.audit.services import log_toegang
from meldwijzer.dossier import services
from meldwijzer.dossier.models import Casus
from meldwijzer.dossier.tests.bouwers import GISTEREN
from meldwijzer.dossier.tests.test_gelijktijdig import _tegelijk

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "connection.vendor != 'postgresql'",
        reason="gelijktijdige processen vragen een databaseserver (PostgreSQL)",
    ),
]

PER_PROCES = 25


def _lezen(lid: Membership, casus: Casus) -> Callable[[], Any]:
    def taak() -> None:
        for i in range(PER_PROCES):
            log_toegang(membership=lid, onderdeel="casus.overzicht", casus=casus, details={"i": i})

    return taak


def _schrijven(lid: Membership, casus: Casus) -> Callable[[], Any]:
    def taak() -> None:
        for i in range(5):
            services.leg_signaal_vast(
                actor=lid, casus=casus, datum=GISTEREN, bron="eigen", aard="feit", tekst=f"{i}"
            )

    return taak


def test_ketens_blijven_heel_bij_gelijktijdige_schrijvers(
    beroepskracht: Membership, aandachtsfunctionaris: Membership, buitenstaander: Membership
) -> None:
    a = services.open_casus(actor=beroepskracht, titel="A")
    b = services.open_casus(actor=buitenstaander, titel="B")
    uitkomsten = _tegelijk(
        _lezen(beroepskracht, a),
        _lezen(aandachtsfunctionaris, a),
        _lezen(buitenstaander, b),
        _schrijven(beroepskracht, a),
        _schrijven(aandachtsfunctionaris, a),
    )
    assert uitkomsten == ["ok"] * 5, uitkomsten
    org = beroepskracht.organisatie_id
    nummers = sorted(
        Toegang.objects.filter(organisatie_id=org).values_list("volgnummer", flat=True)
    )
    assert nummers == list(range(1, 2 * PER_PROCES + 1))
    nummers = sorted(
        Gebeurtenis.objects.filter(organisatie_id=org).values_list("volgnummer", flat=True)
    )
    assert nummers == list(range(1, len(nummers) + 1))
    verslag = keten.verifieer()
    assert verslag.in_orde, verslag.bevindingen
