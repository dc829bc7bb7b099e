"""The status formula of a department copy: 状态 without Python, in Excel, WPS and LibreOffice.

The formula mirrors ``core.rates.parse_rate`` and ``core.schedule.task_status``
with functions every spreadsheet program has (IF, OR, ISNUMBER, ISERROR,
VALUE, TRIM, FIND, ROUND, ABS, LEN): no dynamic arrays, LET, IFS or XLOOKUP. The
thresholds are written into it from the master's 配置 when the copy is made.

A rate typed as text with full-width digits or sign (５０％) shows 无法识别 in
the copy, although the platform reads it.
"""

from __future__ import annotations

from ecomonitor.core.rates import COMPLETE_WORDS, NOT_STARTED_WORDS
from ecomonitor.core.schedule import GAP_DECIMALS, Status
from ecomonitor.core.settings import Settings


def _words_test(reference: str, words: set[str]) -> str:
    return "OR(" + ",".join(f'TRIM({reference})="{word}"' for word in sorted(words)) + ")"


def rate_number(reference: str) -> str:
    """Return an expression for the rate in ``reference`` as a fraction, as parse_rate reads it.

    A number above 2 is percentage points (50 → 0.5). VALUE reads a text with a
    percent sign (50% → 0.5). Another number written as text is a fraction up
    to 1 and percentage points above. A not-started word is 0, and any other
    text gives #VALUE!.
    """
    text = f"TRIM({reference})"
    return (
        f"IF(ISNUMBER({reference}),IF(ABS({reference})>2,{reference}/100,{reference}),"
        f"IF({_words_test(reference, NOT_STARTED_WORDS)},0,"
        f'IF(ISNUMBER(FIND("%",{reference})),VALUE({text}),'
        f"IF(ABS(VALUE({text}))>1,VALUE({text})/100,VALUE({text})))))"
    )


def status_formula(rate: str, progress: str, settings: Settings) -> str:
    """Return the formula of a status cell, given the rate and time-progress cell references."""
    number = rate_number(rate)
    gap = f"ROUND(({number}-{progress})*100,{GAP_DECIMALS})"
    grade = (
        f'IF({number}>=1,"{Status.COMPLETED.value}",'
        f'IF({gap}>{settings.on_time_tolerance:g},"{Status.AHEAD.value}",'
        f'IF({gap}>=-{settings.lag_threshold:g},"{Status.ON_TIME.value}",'
        f'IF({gap}>=-{settings.severe_lag_threshold:g},"{Status.BEHIND.value}","{Status.FAR_BEHIND.value}"))))'
    )
    return (
        f'=IF(LEN(TRIM({rate}&""))=0,"{Status.MISSING.value}",'
        f'IF({_words_test(rate, COMPLETE_WORDS)},"{Status.COMPLETED.value}",'
        f'IF(ISERROR({number}),"{Status.UNREADABLE.value}",{grade})))'
    )
