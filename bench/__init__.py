"""Benchmarks: a synthetic archive at scale, and the runner that times the pipeline on it."""
