"""The framework catalogue: the afwegingskader versions a deployment holds, their lifecycle
(concept → vastgesteld with a validity period), and which framework each organisation uses.

The decision engine itself is :mod:`meldwijzer.kader` (no Django); this app stores its versions.
A casus pins one of them, so the dossier depends on the catalogue and never the other way
(docs/adr/0016).
"""
