"""Synthetic, clearly fake data in bulk for benchmarks and capacity tests (docs/performance.md)."""
