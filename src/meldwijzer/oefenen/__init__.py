"""Practice mode: colleagues practise the afwegingen of stap 5 on oefencasussen.

An oefencasus is a short vignette written by the aandachtsfunctionaris (or started from the
framework's own test situaties) with the signals to tick and the answers the framework expects.
A colleague practises it on the stap-5 forms and gets feedback per answer in the framework's own
words. Practice data lives only here: no real-casus module imports this app (the layers in
``.importlinter``), so nothing of it reaches casus lists, termijnen, the dashboard, the annual
figures, the API or the access log (docs/adr/0021-oefenen-apart-van-echt-werk.md).
"""
