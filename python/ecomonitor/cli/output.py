"""What the commands print: lines for people on stdout, errors on stderr, JSON for scripts."""

from __future__ import annotations

import json
import sys


class Output:
    def __init__(self, quiet: bool = False):
        self.quiet = quiet

    def line(self, text: str = "") -> None:
        if not self.quiet:
            print(text, flush=True)

    def finding(self, text: str, error: bool) -> None:
        """Print a finding line. With --quiet only errors are printed, on stderr, so a failed run shows its cause."""
        if not self.quiet:
            print(text, flush=True)
        elif error:
            print(text.strip(), file=sys.stderr, flush=True)

    def step(self, name: str, text: str) -> None:
        self.line(f"[{name}] {text}")

    def error(self, text: str) -> None:
        print(f"错误：{text}", file=sys.stderr, flush=True)

    def warning(self, text: str) -> None:
        print(f"警告：{text}", file=sys.stderr, flush=True)

    @staticmethod
    def json(document: object) -> None:
        print(json.dumps(document, ensure_ascii=False, indent=2, default=str), flush=True)
