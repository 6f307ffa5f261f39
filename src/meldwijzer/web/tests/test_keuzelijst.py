"""``LangeKeuzelijst`` writes the same ``<select>`` as Django's template-rendered widget: the same
elements, attributes and escaped text, whatever the value and attributes."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django import forms
from hypothesis import given, settings
from hypothesis import strategies as st

from meldwijzer.web.forms import LangeKeuzelijst


class _Boom(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.delen: list[tuple] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.delen.append(("<", tag, tuple(sorted(attrs))))

    def handle_endtag(self, tag: str) -> None:
        self.delen.append((">", tag))

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.delen.append(("tekst", data.strip()))


def _boom(html: str) -> list[tuple]:
    p = _Boom()
    p.feed(html)
    return p.delen


tekst = st.text(min_size=1, max_size=12).filter(lambda t: t.strip() == t and t.strip())


@settings(max_examples=60, deadline=None)
@given(
    labels=st.lists(tekst, min_size=1, max_size=6),
    kies=st.integers(min_value=-1, max_value=6),
    verplicht=st.booleans(),
)
def test_zelfde_markup_als_django(labels, kies, verplicht):
    keuzes = [("", "Alle beroepskrachten"), *((i + 1, label) for i, label in enumerate(labels))]
    waarde = None if kies < 0 else kies
    attrs = {"id": "id_bk", "aria-describedby": "bk-fout", "required": verplicht}
    django = forms.Select(choices=keuzes).render("bk", waarde, dict(attrs))
    eigen = LangeKeuzelijst(choices=keuzes).render("bk", waarde, dict(attrs))
    assert _boom(eigen) == _boom(django)


@pytest.mark.parametrize("label", ['<script>alert("x")</script>', "A & B", "\"'><img>"])
def test_alles_geescaped(label):
    html = LangeKeuzelijst(choices=[(1, label)]).render("bk", 1)
    assert "<script" not in html and "<img" not in html
    assert _boom(html)[1] == ("<", "option", (("selected", None), ("value", "1")))
