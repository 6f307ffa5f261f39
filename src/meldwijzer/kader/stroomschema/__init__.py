"""The flowchart (stroomschema) of an afwegingskader, drawn by our own code as SVG or mermaid.

The Basisdocument asks every beroepsgroep to show its afwegingskader as a flowchart that also
shows how the meldcode can be closed (H2, 'Een afwegingskader is beroeps(groep)specifiek'). We
draw it from the compiled graph of a route, never from positions written for one framework, so a
profession's own file gets a flowchart too. Why our own layout and not graphviz or a layout
library: docs/adr/0014-stroomschema-zelf-bouwen-of-kopen.md.

The layout is a small layered (Sugiyama-style) layout, one module a step:

- :mod:`.tekst` measures and wraps text (character widths of DejaVu Sans);
- :mod:`.graaf` turns a route into boxes and edges: afwegingen, action boxes on an edge that
  continues, outcome boxes at the ends;
- :mod:`.lagen` layers the graph (longest path, dummy nodes on long edges), orders each layer
  against crossings (barycenter sweeps) and places the nodes (afwegingen first, so their chain
  stays a straight column; isotonic regression within a priority);
- :mod:`.kanten` routes the edges orthogonally in the channels between layers, each horizontal
  run on its own track, and places their labels;
- :mod:`.layout` puts these together into the :class:`Layout` of one route;
- :mod:`.svg` and :mod:`.mermaid` write it out, with :mod:`.markering` for the route a decision
  took and :mod:`.stijl` for the colours both share.
"""

from meldwijzer.kader.stroomschema.graaf import (
    Kant,
    Layout,
    Regel,
    Vak,
    actie_id,
    afweging_id,
    doel_van_optie,
    uitkomst_id,
)
from meldwijzer.kader.stroomschema.layout import bereken_layout
from meldwijzer.kader.stroomschema.markering import Markering, markering
from meldwijzer.kader.stroomschema.mermaid import mermaid_id, mermaid_tekst, teken_mermaid
from meldwijzer.kader.stroomschema.svg import (
    MAX_AFWEGINGEN,
    MAX_ANTWOORDEN,
    TeGrootOmTeTekenen,
    teken_svg,
    xml_attribuut,
    xml_tekst,
)
from meldwijzer.kader.stroomschema.tekst import breek_af, tekstbreedte

__all__ = [
    "MAX_AFWEGINGEN",
    "MAX_ANTWOORDEN",
    "Kant",
    "Layout",
    "Markering",
    "Regel",
    "TeGrootOmTeTekenen",
    "Vak",
    "actie_id",
    "afweging_id",
    "bereken_layout",
    "breek_af",
    "doel_van_optie",
    "markering",
    "mermaid_id",
    "mermaid_tekst",
    "teken_mermaid",
    "teken_svg",
    "tekstbreedte",
    "uitkomst_id",
    "xml_attribuut",
    "xml_tekst",
]
