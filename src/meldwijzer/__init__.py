"""Meldwijzer: de Meldcode huiselijk geweld en kindermishandeling, met afwegingskader."""

__version__ = "0.1.0"
