"""The primitives: AES-GCM tokens and wrapped keys that refuse every kind of tampering."""

from __future__ import annotations

import base64
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meldwijzer.sleutels import crypto


def test_token_heen_en_terug_en_elke_keer_anders():
    sleutel = crypto.nieuwe_datasleutel()
    sid = uuid.uuid4().hex
    a = crypto.versleutel(sleutel, sid, "Blauwe plek op de bovenarm.")
    b = crypto.versleutel(sleutel, sid, "Blauwe plek op de bovenarm.")
    assert a != b  # a fresh nonce per value: equal texts are not recognisable
    assert crypto.is_token(a) and crypto.sleutel_id_van(a) == sid
    assert "Blauwe" not in a
    assert crypto.ontsleutel(sleutel, a) == "Blauwe plek op de bovenarm."


def test_versleutelaar_met_voorraad_geeft_elke_tekst_een_eigen_nonce():
    sleutel = crypto.nieuwe_datasleutel()
    sid = uuid.uuid4().hex
    versleutel = crypto.versleutelaar(sleutel, sid, voorraad=4)
    tokens = [versleutel("zelfde tekst") for _i in range(11)]  # over several draws
    nonces = {crypto._b64_naar_bytes(t.rsplit(":", 1)[1])[: crypto.NONCE_LENGTE] for t in tokens}
    assert len(nonces) == 11
    assert all(crypto.ontsleutel(sleutel, t) == "zelfde tekst" for t in tokens)


@given(st.text(max_size=80))
def test_token_is_base64url_zonder_opvulling(tekst):
    """The token's body is the standard base64url text without '=' (every padding length)."""
    sleutel = crypto.nieuwe_datasleutel()
    token = crypto.versleutel(sleutel, uuid.uuid4().hex, tekst)
    inhoud = token.rsplit(":", 1)[1]
    ruw = crypto._b64_naar_bytes(inhoud)
    assert inhoud == base64.urlsafe_b64encode(ruw).decode().rstrip("=")


@given(st.text(max_size=300))
def test_elke_tekst_komt_terug(tekst):
    sleutel = crypto.nieuwe_datasleutel()
    sid = uuid.uuid4().hex
    assert crypto.ontsleutel(sleutel, crypto.versleutel(sleutel, sid, tekst)) == tekst


def test_gewijzigde_of_verplaatste_token_wordt_geweigerd():
    sleutel = crypto.nieuwe_datasleutel()
    sid = uuid.uuid4().hex
    token = crypto.versleutel(sleutel, sid, "feit")
    kop, inhoud = token.rsplit(":", 1)
    omgedraaid = inhoud[:-2] + ("A" if inhoud[-2] != "A" else "B") + inhoud[-1]
    with pytest.raises(crypto.OntsleutelFout):
        crypto.ontsleutel(sleutel, f"{kop}:{omgedraaid}")
    # Under another key id (associated data), even with the right key: refused.
    with pytest.raises(crypto.OntsleutelFout):
        crypto.ontsleutel(sleutel, f"mw1:{uuid.uuid4().hex}:{inhoud}")
    with pytest.raises(crypto.OntsleutelFout):
        crypto.ontsleutel(crypto.nieuwe_datasleutel(), token)


def test_verpakte_sleutel_hoort_bij_een_casus_en_organisatie():
    kek = crypto.lees_sleutel(crypto.maak_sleutel())
    data = crypto.nieuwe_datasleutel()
    sid = uuid.uuid4()
    verpakt = crypto.verpak(kek, data, sid, 7)
    assert crypto.pak_uit(kek, verpakt, sid, 7) == data
    with pytest.raises(crypto.OntsleutelFout):
        crypto.pak_uit(kek, verpakt, uuid.uuid4(), 7)  # moved to another casus
    with pytest.raises(crypto.OntsleutelFout):
        crypto.pak_uit(kek, verpakt, sid, 8)  # moved to another organisation
    with pytest.raises(crypto.OntsleutelFout):
        crypto.pak_uit(crypto.lees_sleutel(crypto.maak_sleutel()), verpakt, sid, 7)


@pytest.mark.parametrize("tekst", ["", "kort", "x" * 44, "niet-base64-!!!"])
def test_een_sleutel_is_precies_256_bits(tekst):
    with pytest.raises(crypto.SleutelFout, match="sleutel"):
        crypto.lees_sleutel(tekst, "MELDWIJZER_SLEUTEL")


def test_sleutelset_de_eerste_is_actief():
    nieuw, oud = crypto.maak_sleutel(), crypto.maak_sleutel()
    keks = crypto.sleutelset([nieuw, oud])
    assert keks.actief_id == crypto.kek_id(crypto.lees_sleutel(nieuw))
    assert set(keks.keks) == {crypto.kek_id(crypto.lees_sleutel(s)) for s in (nieuw, oud)}
    with pytest.raises(crypto.SleutelFout, match="MELDWIJZER_SLEUTELS"):
        crypto.sleutelset([])


def test_afgeleide_sleutels_per_doel_verschillen():
    geheim = crypto.lees_sleutel(crypto.maak_sleutel())
    assert crypto.afgeleide_sleutel(geheim, "keten") != crypto.afgeleide_sleutel(
        geheim, "zoekindex"
    )
