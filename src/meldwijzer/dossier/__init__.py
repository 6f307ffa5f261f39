"""The casus dossier: the five steps of the meldcode, the stap-5 besluit and the melding.

Writes go through :mod:`meldwijzer.dossier.services`, reads through
:mod:`meldwijzer.dossier.selectors`; allowed step transitions are the table in
:mod:`meldwijzer.dossier.overgangen`.
"""
