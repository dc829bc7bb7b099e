"""JSON Schemas of the framework, the sheet layouts and department-copy metadata (installed as ecomonitor.schemas)."""
