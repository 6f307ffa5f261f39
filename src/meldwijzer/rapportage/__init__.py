"""Rapportage: what follows the decision over time — termijnen and reminders — and what the
organisation sees of its meldcode work: the aandachtsfunctionaris's dashboard and the annual
figures (DESIGN.md, 'Layers').

Its tables are projections of the dossier, kept current by one service
(``rapportage.projectie.bijwerken``) after every write to a casus; nothing here is typed in by a
person, and no free text of a casus is copied here.
"""
