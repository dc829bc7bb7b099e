"""ecomonitor summary: write 汇总, 单位汇总, 滞后清单 and 图表 into the master."""

from __future__ import annotations

import math
import unicodedata
from pathlib import Path

from ecomonitor.cli.commands.base import new_parser
from ecomonitor.cli.progress import terminal_progress
from ecomonitor.jobs.summary import summarize


def register(subparsers) -> None:
    parser = new_parser(
        subparsers, "summary", "生成汇总表（汇总、单位汇总、滞后清单、图表、趋势、进展未变化）",
        "按类别（汇总）和按责任单位（单位汇总，按平均完成率排名）统计任务数、已填报数、\n"
        "各状态的任务数、平均完成率、平均核算完成率和与序时进度（第 q 季度为 q/4，目标写明期限的\n"
        "按期限计算）的差距，并与本年度上一季度比较（环比变化、进展未变化的任务数）；\n"
        "列出落后序时进度的任务（滞后清单，即督办清单）；绘制图表（图表）；“趋势”工作表列出\n"
        "各类别、各责任单位历次报告期的平均完成率并附折线图；“进展未变化”工作表列出进展文字\n"
        "与上期相同或完成率未提高的任务。全部写入主表，\n"
        "每张表都可直接打印（A4 横向）。",
        "示例：\n  ecomonitor summary 主表.xlsm",
    )
    parser.add_argument("master", type=Path, metavar="主表", help="主表（.xlsm）")
    parser.set_defaults(run=run)


NAME_WIDTH = 18  # terminal columns: the longest category name, 生态宜居城乡建设, takes 16


def pad(text: str, width: int) -> str:
    """Pad text to a width in terminal columns, where a CJK character takes two."""
    used = sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)
    return text + " " * max(width - used, 0)


def _percent(value: float) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:.1%}"


def run(args, output) -> int:
    with terminal_progress(output.quiet) as progress:
        progress.step("生成汇总表")
        result = summarize(args.master)
    output.line(f"{pad('类别', NAME_WIDTH)}  任务  已填报  平均完成率  达到序时  落后序时")
    for _, row in result.categories.iterrows():
        output.line(f"{pad(row['name'], NAME_WIDTH)}  {int(row['tasks']):>4}  {int(row['reported']):>6}  "
                    f"{_percent(row['average_rate']):>10}  {int(row['on_schedule']):>8}  {int(row['lagging']):>8}")
    report = result.report
    if report.previous is not None:
        change = result.categories.iloc[-1]["change"]
        if math.isnan(change):
            output.line(f"本期还没有已填报完成率的任务，暂不能与 {report.previous.label} 比较。")
        else:
            output.line(f"与 {report.previous.label} 相比，平均完成率变化 {change:+.1f} 个百分点。")
    output.line(f"进展未变化的任务：{len(report.stalled)} 项。")
    output.line(f"已写入“{args.master}”的“汇总”“单位汇总”（{len(result.departments)} 个单位）、"
                f"“滞后清单”（{len(result.lagging)} 项任务）、“图表”“趋势”和“进展未变化”工作表。")
    output.line(f'下一步：打印或导出 PDF（ecomonitor pdf "{args.master}" --sheets 汇总表 -o 汇总.pdf），'
                f'或生成通报（ecomonitor bulletin "{args.master}" -o 通报.docx）。')
    return 0
