"""The demo casussen of a first ``make run``: every stage once — signalen, ready for stap 5, a
melding at Veilig Thuis, a hulpplan whose evaluation is overdue, closed —, built through the
services (audit trail and termijnen as real work leaves them), made once however often the
command runs, and refused where demo accounts are not allowed."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from meldwijzer.accounts.models import Membership, Rol
from meldwijzer.audit.models import Gebeurtenis
from meldwijzer.dossier.demo import DEMO_CASUSSEN, DemoNietToegestaan, maak_demo_casussen
from meldwijzer.dossier.models import Casus, Hulpplan, Melding
from meldwijzer.rapportage.models import Termijn

pytestmark = pytest.mark.django_db


def _tellingen() -> dict[str, int]:
    return {
        "casussen": Casus.objects.count(),
        "meldingen": Melding.objects.count(),
        "hulpplannen": Hulpplan.objects.count(),
        "termijnen": Termijn.objects.count(),
        "gebeurtenissen": Gebeurtenis.objects.count(),
    }


def test_demo_maakt_casussen_in_elk_stadium_een_keer():
    uit = StringIO()
    call_command("demo", "--zonder-qr", stdout=uit)
    casussen = {c.titel: c for c in Casus.objects.all()}
    assert set(casussen) == {d.titel for d in DEMO_CASUSSEN}
    assert len({c.fase for c in casussen.values()}) >= 4, {c.fase for c in casussen.values()}
    gemeld = next(c for t, c in casussen.items() if t.startswith("Sam"))
    assert Melding.objects.filter(casus=gemeld).exists()
    verlopen = Termijn.objects.filter(
        open=True, uiterlijk__lt=timezone.localdate(), casus__in=casussen.values()
    )
    assert verlopen.filter(soort="evaluatie").exists()
    # Through the services: each casus has its audit trail.
    for casus in casussen.values():
        assert Gebeurtenis.objects.filter(casus_id=casus.pk).count() >= 3, casus.titel
    assert "Demo-casus (gemeld)" in uit.getvalue()
    assert "meldwijzer demo code beroepskracht" in uit.getvalue()

    voor = _tellingen()
    opnieuw = StringIO()
    call_command("demo", "--zonder-qr", stdout=opnieuw)
    assert _tellingen() == voor
    casusregels = [r for r in opnieuw.getvalue().splitlines() if r.startswith("Demo-casus")]
    assert sum("bestond al" in r for r in casusregels) == len(DEMO_CASUSSEN)


def test_lijst_en_dashboard_zijn_niet_leeg(client_van):
    call_command("demo", "--zonder-qr", stdout=StringIO())
    bk = Membership.objects.get(user__username="beroepskracht")
    af = Membership.objects.get(user__username="aandachtsfunctionaris")
    lijst = client_van(bk).get(reverse("web:casussen")).content.decode()
    for demo in DEMO_CASUSSEN:
        assert demo.titel.split(":")[0] in lijst, demo.titel
    dashboard = client_van(af).get(reverse("web:dashboard"))
    assert dashboard.status_code == 200
    termijnen = client_van(af).get(reverse("web:termijnen"), {"alle": "1"}).content.decode()
    assert "Lotte, groep 7" in termijnen


def test_zonder_casussen_alleen_accounts():
    call_command("demo", "--zonder-qr", "--zonder-casussen", stdout=StringIO())
    assert not Casus.objects.exists()
    assert Membership.objects.filter(rol=Rol.BEROEPSKRACHT).exists()


def test_geweigerd_zonder_toestemming(beroepskracht):
    with (
        override_settings(MELDWIJZER_DEMO_TOEGESTAAN=False),
        pytest.raises(DemoNietToegestaan),
    ):
        maak_demo_casussen(beroepskracht)
    assert not Casus.objects.exists()
    with (
        override_settings(MELDWIJZER_DEMO_TOEGESTAAN=False),
        pytest.raises(CommandError, match="niet toegestaan"),
    ):
        call_command("demo", stdout=StringIO())
