"""The casus timeline (audit trail of every write) and the access log of every read.

Both are append-only: rows are never changed or deleted. The security issues harden this with
database triggers and a hash chain per organisation (DESIGN.md, 'Layers').
"""
