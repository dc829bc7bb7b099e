"""Progress on the terminal: a rich bar on stderr for counted work, a spinner for the other steps.

Nothing is drawn with ``--quiet`` or when stderr is not a terminal, so
scripts and pipes get only the command's output.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.text import Text


class TerminalProgress:
    """One progress display for a command. ``step`` names the current step and ``counter`` counts one."""

    def __init__(self, display: Progress | None):
        self._display = display
        self._task = None

    def step(self, text: str) -> None:
        if self._display is None:
            return
        if self._task is None:
            self._task = self._display.add_task(text, total=None)
        else:
            self._display.update(self._task, description=text, total=None, completed=0)

    def counter(self, text: str) -> Callable[[int, int], None]:
        """Return a callback that draws ``done`` of ``total`` as a bar labelled ``text``."""
        self.step(text)

        def update(done: int, total: int) -> None:
            if self._display is not None:
                self._display.update(self._task, total=total, completed=done)

        return update


class CountColumn(MofNCompleteColumn):
    """Show "done/total" for counted work, and nothing for a step without a count (not "0/?")."""

    def render(self, task) -> Text:
        return super().render(task) if task.total is not None else Text("")


@contextmanager
def terminal_progress(quiet: bool) -> Iterator[TerminalProgress]:
    """Show progress on stderr while the block runs, unless ``quiet`` or stderr is not a terminal."""
    if quiet or not sys.stderr.isatty():
        yield TerminalProgress(None)
        return
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), CountColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as display:
        yield TerminalProgress(display)
