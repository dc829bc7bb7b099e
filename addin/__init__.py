"""Sources of the Excel front end: the ribbon, the VBA modules (installed as ecomonitor.addin)."""
