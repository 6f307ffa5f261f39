"""The bulk generator's canonical text (``keten.sjabloon``) is byte for byte the one ``schakel``
hashes, whatever the values: so its chains verify like the application's."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from meldwijzer.audit import keten
from meldwijzer.sleutels import crypto

waarden = st.one_of(st.none(), st.integers(), st.text(), st.booleans())


@given(st.sampled_from(sorted(keten.KETENS)), st.data())
def test_sjabloon_geeft_de_canonieke_tekst(naam, data):
    _model, velden = keten.KETENS[naam]
    vast = {v: data.draw(waarden) for v in velden if v != "ip_adres" and data.draw(st.booleans())}
    sjabloon, open_ = keten.sjabloon(naam, vast)
    rest = {v: data.draw(waarden) for v in open_ if v != "ip_adres"}
    rest.update(
        {v: data.draw(st.sampled_from(["10.1.2.3", "::1"])) for v in open_ if v == "ip_adres"}
    )
    tekst = sjabloon % tuple(keten.json_waarde(keten._normaal(v, rest[v])) for v in open_)
    assert tekst == keten._JSON_CANONIEK.encode(keten._canoniek(velden, {**vast, **rest}))
    sleutel = b"k" * 32
    hexer = crypto.hmac_hexer(sleutel)
    assert keten.schakel_tekst(hexer, naam, 1, 2, "vorige", tekst) == keten.schakel(
        sleutel, naam, 1, 2, "vorige", keten._canoniek(velden, {**vast, **rest})
    )
