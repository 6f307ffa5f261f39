"""What every app process and every node shares besides the database: the cache (Redis or the
database cache, never one per process) and the counters of the rate limits in it
(docs/deploy.md, 'Meer dan één machine'; docs/adr/0020)."""
