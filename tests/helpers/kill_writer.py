"""A process that writes the master again and again until it is killed.

Run as ``python kill_writer.py MASTER FIRST``: it opens the master, then for
n = FIRST, FIRST + 1, ... writes "写入 n" into the 备注 cell of the first
task and saves the master the way every command does (lock, backups,
checked atomic replace), printing "begin n" before and "done n" after each
save.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

from ecomonitor.xlsx.cells import write_value
from ecomonitor.xlsx.master import editing_master, save_master

MARKER = "写入 {}"


def main() -> None:
    master, first = Path(sys.argv[1]), int(sys.argv[2])
    with editing_master(master) as book:
        task_id = book.framework.tasks[0].id
        print("ready", flush=True)
        for number in itertools.count(first):
            write_value(book.cell(task_id, "note"), MARKER.format(number))
            print(f"begin {number}", flush=True)
            save_master(book)
            print(f"done {number}", flush=True)


if __name__ == "__main__":
    main()
