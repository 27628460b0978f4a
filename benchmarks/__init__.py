"""Benchmarks and quality measurements (run as scripts; see benchmarks/README.md)."""
