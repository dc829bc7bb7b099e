"""Example input: the prefecture's 2023 Q2 monitoring table (installed as ecomonitor.examples)."""
