"""MELDWIJZER_OIDC_GROEPEN from the environment: a typo gives a Dutch message, not a traceback."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from meldwijzer.conf.base import sso_groepen


def test_geldige_koppeling():
    assert sso_groepen(
        '{"jz-af": {"organisatie": "De Linde", "rol": "aandachtsfunctionaris"}}'
    ) == {"jz-af": {"organisatie": "De Linde", "rol": "aandachtsfunctionaris"}}
    assert sso_groepen("") == {}


@pytest.mark.parametrize(
    ("tekst", "melding"),
    [
        ('{"jz-af": ', "geen geldige JSON"),
        ("[1, 2]", "moet een object zijn"),
        ('{"a": 1}', "object"),
    ],
)
def test_onjuiste_koppeling_geeft_een_nederlandse_melding(tekst: str, melding: str):
    with pytest.raises(ImproperlyConfigured, match=melding):
        sso_groepen(tekst)
