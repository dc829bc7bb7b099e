"""ecomonitor new-period: archive the current quarter and start the next one."""

from __future__ import annotations

from pathlib import Path

from ecomonitor.cli.commands.base import iso_date, new_parser
from ecomonitor.jobs.periods import new_period


def register(subparsers) -> None:
    parser = new_parser(
        subparsers, "new-period", "新建报告期：归档本季度，进入下一季度",
        "把当前季度各任务的进展、完成率和状态归档到“历史”工作表（每个报告期每项任务一行），\n"
        "清空进展和完成率，本季度的进展移到“上期进展”列，表头改为下一季度（如 二季度进展 → 三季度进展），\n"
        "“配置”中的年度、季度随之更新，此后生成的部门填报表属于新季度。\n"
        "同一报告期不会归档两次。四季度之后要进入新的一年，请用 new-year（年度切换）。",
        "示例：\n  ecomonitor new-period 主表.xlsm\n"
        "  ecomonitor new-period 主表.xlsm --deadline 2023-09-25\n"
        "  ecomonitor new-period 主表.xlsm --allow-empty   （本季度没有任何填报也新建）",
    )
    parser.add_argument("master", type=Path, metavar="主表", help="主表（.xlsm）")
    parser.add_argument("--deadline", type=iso_date, metavar="日期",
                        help="新季度的报送截止日期，如 2023-09-25；默认按本季度的截止日期顺延（距季度末的天数不变）")
    parser.add_argument("--allow-empty", action="store_true",
                        help="当前季度没有任何任务填报时也归档并新建（默认拒绝，以免重复新建）")
    parser.set_defaults(run=run)


def run(args, output) -> int:
    result = new_period(args.master, args.deadline, args.allow_empty)
    output.line(f"已把 {result.previous.label}的 {result.archived} 项任务归档到“历史”工作表"
                f"（其中已填报 {result.reported} 项）。")
    output.line(f"主表已进入 {result.current.label}：进展和完成率已清空，上季度进展保留在“上期进展”列。")
    if result.deadline:
        output.line(f"报送截止日期：{result.deadline.isoformat()}（可在“配置”中修改）。")
    else:
        output.warning("“配置”中没有报送截止日期，逾期报送不会被标记：请在“配置”中填写。")
    output.line(f"下一步：ecomonitor split {args.master} -o 下发   （生成 {result.current.label}的部门填报表）")
    return 0
