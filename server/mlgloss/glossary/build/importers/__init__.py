"""Seed importers: turn public glossaries of known layouts into seed records."""
