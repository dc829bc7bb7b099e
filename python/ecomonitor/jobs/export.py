"""Exporting every period's entries of a master as JSON or CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from ecomonitor.core.export import csv_rows, export_document
from ecomonitor.core.history import archive_records
from ecomonitor.core.summary import tasks_frame
from ecomonitor.errors import EcoMonitorError
from ecomonitor.jobs.periods import note_of
from ecomonitor.xlsx.history_sheet import read_history
from ecomonitor.xlsx.master import open_master

FORMATS = ("csv", "json")


def export_master(master: Path, now: dt.datetime | None = None) -> dict:
    """Return the export document of a master: the 历史 sheet's records and the current period."""
    book = open_master(master)
    framework = book.framework
    history = read_history(book.workbook, book.meta.archived)
    notes = {task.id: note_of(book, task.id) for task in framework.tasks}
    current = archive_records(framework, tasks_frame(framework, book.settings), notes, archived_at=None)
    archived = [record for record in history.records if record.period != framework.period]
    moment = now or dt.datetime.now(dt.timezone(dt.timedelta(hours=8)))
    return export_document(book.meta.title, book.meta.instance_id, framework.period, archived, current, moment)


def render(document: dict, output_format: str) -> str:
    """Write the document as JSON or CSV text."""
    if output_format == "json":
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if output_format == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerows(csv_rows(document))
        return buffer.getvalue()
    raise EcoMonitorError(f"不支持的导出格式“{output_format}”：应为 {' 或 '.join(FORMATS)}。")


def write_export(text: str, output_format: str, path: Path, master: Path | None = None,
                 overwrite: bool = False) -> None:
    """Save the text; CSV gets a byte-order mark so that Excel reads it as UTF-8.

    An existing file is replaced only with ``overwrite``, and never when it is the master.
    Without ``overwrite`` the file is opened in exclusive-create mode, so a file that
    appears meanwhile is not replaced either.
    """
    path = Path(path)
    if master is not None and path.exists() and path.resolve() == Path(master).resolve():
        raise EcoMonitorError(f"导出文件“{path}”就是主表本身，未导出。请用 -o 另选一个文件名。")
    encoding = "utf-8-sig" if output_format == "csv" else "utf-8"
    mode = "w" if overwrite else "x"
    try:
        with path.open(mode, encoding=encoding, newline="") as stream:
            stream.write(text)
    except FileExistsError as error:
        raise EcoMonitorError(
            f"“{path}”已存在，未导出：导出不会覆盖已有文件。请另选文件名；确要替换时加 --force。"
        ) from error
    except OSError as error:
        raise EcoMonitorError(f"无法写入“{path}”：{error.strerror}。请检查文件夹是否存在且可写。") from error
