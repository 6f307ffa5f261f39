"""The API fuzzed against its own schema (schemathesis), with tokens of two organisations.

Every operation gets a modest number of generated requests (``MELDWIJZER_FUZZ_VOORBEELDEN``, 8 by
default), positive and negative, with all of schemathesis's checks: no server error, every
response as the schema says (status, content type, headers, body), authentication enforced,
invalid input refused. On top: no answer to a token of organisation A carries any canary string
seeded in every text field of organisation B's casus and in B's users' names. A second test
switches the organisation boundary off and proves that this check then fires.

Path parameters and If-Match are drawn partly from real objects (A's casussen, B's casus, a
random id) and the casus's current version, so the generated requests reach the services and
not only the 404 and 412 answers. Runs on SQLite and PostgreSQL (scripts/test.sh runs the Django
suites on both).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.apps import apps
from django.core import signals
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.db.models import Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meldwijzer.accounts import permissions
from meldwijzer.api.tests.helpers import token_voor
from meldwijzer.dossier import services
from meldwijzer.dossier.models import Casus
from meldwijzer.dossier.tests.bouwers import maak_klaar_voor_stap5
from meldwijzer.web.tests.test_aanvallen import KANARIE, kanarie
from meldwijzer.web.tests.wereld import bouw_wereld

pytestmark = pytest.mark.django_db

VOORBEELDEN = int(os.environ.get("MELDWIJZER_FUZZ_VOORBEELDEN", "20"))
# Refusals of well-formed requests that the API documents: a rule of the dossier (422), a
# version that is not the casus's (412), no version (428), stap 5 before a signaal (409).
# Schemathesis counts only 2xx, 3xx, 401, 403, 404, 409 and 429 as "accepted" by default.
CONFIG = schemathesis.Config.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "401", "403", "404", "409", "412", "422", "428", "429"]
            }
        }
    }
)


@pytest.fixture
def zonder_verbindingsbeheer() -> Iterator[None]:
    """Django closes 'old' connections at every request; inside the test's transaction on
    PostgreSQL that would close the connection under the test (MACHINE-NOTES)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def opzet(zonder_verbindingsbeheer: None, settings: Any) -> dict[str, Any]:
    settings.MELDWIJZER_API_LIMIET = "100000/min"
    cache.clear()
    wereld = bouw_wereld(tekst_b=kanarie)
    assert any(c.titel.startswith(KANARIE) for c in Casus.objects.filter(pk=wereld.casus_b.pk))
    eigenaar = wereld.leden["eigenaar"]
    open_a = services.open_casus(actor=eigenaar, titel="Open casus van A")
    maak_klaar_voor_stap5(eigenaar, open_a)
    return {
        "wereld": wereld,
        "schema": schemathesis.openapi.from_wsgi(
            "/api/openapi.json", get_wsgi_application(), config=CONFIG
        ),
        "tokens": {
            "af": (token_voor(wereld.leden["af"]), True),
            "eigenaar": (token_voor(eigenaar), True),
            "bk_b": (token_voor(wereld.leden["bk_b"]), False),
        },
        "casussen": [wereld.casus_a, open_a, wereld.casus_b],
    }


def fuzz(
    opzet: dict[str, Any],
    *,
    alleen: str | None = None,
    tokens: tuple[str, ...] = (),
    statussen: dict[str, set[int]] | None = None,
) -> list[str]:
    """Run every operation (or those whose path contains ``alleen``); return the failures, and
    collect the statuses each operation answered in ``statussen``."""
    gebruikt = tokens or tuple(opzet["tokens"])
    fouten: list[str] = []
    for resultaat in opzet["schema"].get_all_operations():
        operatie = resultaat.ok()
        if alleen is None or alleen in operatie.path:
            _voorbeelden(opzet, operatie, gebruikt, fouten, statussen)()
    return fouten


def _voorbeelden(
    opzet: dict[str, Any],
    operatie: Any,
    gebruikt: tuple[str, ...],
    fouten: list[str],
    statussen: dict[str, set[int]] | None,
) -> Any:
    """The hypothesis test of one operation."""

    @settings(
        max_examples=VOORBEELDEN,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        case=operatie.as_strategy(),
        wie=st.sampled_from(gebruikt),
        casus=st.sampled_from([None, *opzet["casussen"]]),
        versie_echt=st.booleans(),
    )
    def run(case: Any, wie: str, casus: Casus | None, versie_echt: bool) -> None:
        token, van_a = opzet["tokens"][wie]
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
        if casus is not None and "casus_id" in (case.path_parameters or {}):
            case.path_parameters["casus_id"] = str(casus.uuid)
            if versie_echt:
                versie = Casus.objects.values_list("versie", flat=True).get(pk=casus.pk)
                case.headers["If-Match"] = f'"{versie}"'
        if casus is not None and "kaderversie_id" in (case.path_parameters or {}):
            case.path_parameters["kaderversie_id"] = casus.kader_versie_id
        if casus is not None and "volgnummer" in (case.path_parameters or {}):
            case.path_parameters["volgnummer"] = 1  # every casus here has a first besluit
        if casus is not None and versie_echt:  # a real record with the real version
            _echte_items(case, casus)
        antwoord = case.call()
        if statussen is not None:
            statussen.setdefault(operatie.label, set()).add(antwoord.status_code)
        try:
            case.validate_response(antwoord)
        except (AssertionError, BaseExceptionGroup) as fout:  # failed checks
            fouten.append(f"{operatie.label} ({wie}): {str(fout)[:600]}")
            return
        if van_a and KANARIE in antwoord.text:
            fouten.append(
                f"{operatie.label} ({wie}): organisation B's canary in the answer to A: "
                f"{case.method} {case.formatted_path}"
            )

    return run


def _echte_items(case: Any, casus: Casus) -> None:
    """A record's id in the path (``melding_id``, ``signaal_id``, ...) from the casus's own
    records of that kind, where it has one: so a correction reaches the service, whatever ids
    the generator happens to draw."""
    for naam in list(case.path_parameters or {}):
        if not naam.endswith("_id") or naam in {"casus_id", "kaderversie_id"}:
            continue
        try:
            model = apps.get_model("dossier", naam.removesuffix("_id"))
        except LookupError:
            continue
        pk = model.objects.filter(casus=casus).values_list("pk", flat=True).first()
        if pk is not None:
            case.path_parameters[naam] = pk


def test_de_api_doorstaat_schemathesis(opzet: dict[str, Any]):
    statussen: dict[str, set[int]] = {}
    fouten = fuzz(opzet, statussen=statussen)
    assert not fouten, "\n\n".join(sorted(set(fouten))[:20])
    # The generated requests reached the services, not only the refusals at the door: every
    # read answered at least once, every write got past the token and the casus lookup (to the
    # version check, the validation or the service itself), and writes were stored.
    assert len(statussen) >= 25
    for label, gezien in statussen.items():
        if label.startswith("GET"):
            assert 200 in gezien, (label, gezien)
        else:
            assert gezien - {401, 403, 404}, (label, gezien)
    opgeslagen = [
        label
        for label, gezien in statussen.items()
        if not label.startswith("GET") and gezien & {200, 201}
    ]
    assert len(opgeslagen) >= 2, statussen


def test_de_kanariecontrole_vangt_een_lek(opzet: dict[str, Any], monkeypatch: Any):
    """The organisation boundary switched off on purpose: the same fuzzing finds B's canaries
    in answers to A's aandachtsfunctionaris. So the test above would notice a leak."""
    monkeypatch.setattr(permissions, "_organisatie_filter", lambda membership: Q())
    fouten = fuzz(opzet, alleen="/api/casussen", tokens=("af",))
    assert any("canary" in f for f in fouten), fouten[:5]
