"""Synthetic, clearly fake data in bulk for benchmarks and capacity tests (issue 10)."""
