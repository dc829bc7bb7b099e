"""ecomonitor compute: recompute the computed columns of the master (核算完成率)."""

from __future__ import annotations

from pathlib import Path

from ecomonitor.cli.commands.base import new_parser
from ecomonitor.jobs.compute import compute


def register(subparsers) -> None:
    parser = new_parser(
        subparsers, "compute", "核算完成率、序时进度和状态",
        "按各任务的目标任务和进展中的数字核算完成率，并计算序时进度和状态\n"
        "（已完成、超序时、正常、滞后、严重滞后），写入类别工作表的“核算完成率”“核算说明”\n"
        "“序时进度”“状态”列。阈值取自主表“配置”工作表。汇总合并后会自动重新核算；\n"
        "手工修改了进展、完成率或配置后，请执行本命令（即功能区的“核算完成率”按钮）。",
        "示例：\n  ecomonitor compute 主表.xlsm",
    )
    parser.add_argument("master", type=Path, metavar="主表", help="主表（.xlsm）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出结果，供脚本使用")
    parser.set_defaults(run=run)


def run(args, output) -> int:
    result = compute(args.master)
    if args.json:
        output.json({"tasks": result.tasks, "computed": result.computed, "statuses": result.statuses,
                     "missing_headers": result.missing_headers})
        return 0
    output.line(f"已核算 {result.tasks} 项任务，其中 {result.computed} 项能按进展中的数字算出核算完成率"
                "（其余各项的“核算说明”写明了原因）。")
    output.line("状态：" + "，".join(f"{name} {count}" for name, count in result.statuses.items()))
    if result.missing_headers:
        listed = "、".join(f"“{header}”" for header in result.missing_headers)
        output.warning(f"类别工作表中没有 {listed} 列，这些列未写入：请在表头行加上这些列名，"
                       "或用 ecomonitor build 重新生成主表。")
    output.line(f'下一步：生成汇总表（ecomonitor summary "{args.master}"）。')
    return 0
