"""Dagster wiring: thin assets over the plain functions of `pipeline`."""
