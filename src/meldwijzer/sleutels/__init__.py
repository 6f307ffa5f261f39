"""Encryption at rest: per-casus data keys wrapped by an environment key, encrypted fields, the
keyed blind index and the key files that backups keep (docs/adr/0005-versleuteling-per-casus.md)."""
