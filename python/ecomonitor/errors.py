"""Exception tree of the package.

Every message is Simplified Chinese because it reaches the office's users; it
names the file, sheet, row or task and says what to do.
"""


class EcoMonitorError(Exception):
    """Root of every error the package raises on purpose."""


class TableFormatError(EcoMonitorError):
    """The monitoring table cannot be read as a framework.

    ``problems`` lists every problem found, so one run reports all of them.
    """

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = list(problems)
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"无法读取监测表“{source}”，共 {len(self.problems)} 处问题：\n{lines}")


class FrameworkSchemaError(EcoMonitorError):
    """A framework does not match schemas/framework.schema.json."""


class WorkbookError(EcoMonitorError):
    """A workbook file is missing, unreadable or not of the expected kind."""


class CopyError(WorkbookError):
    """A returned department copy cannot be taken."""

    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(message)


class LibreOfficeError(EcoMonitorError):
    """LibreOffice is missing, failed, or did not finish in time."""


class PeriodError(EcoMonitorError):
    """The master cannot move to the next period or year as requested."""
