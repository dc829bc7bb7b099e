"""The platform's jobs on workbook files, shared by the command line and the ribbon.

Each job opens what it needs through the openpyxl adapter, applies the core
rules and saves; printing is left to the caller.
"""
