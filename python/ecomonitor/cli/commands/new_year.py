"""ecomonitor new-year: match next year's table with the master, then apply the confirmed matches."""

from __future__ import annotations

from pathlib import Path

from ecomonitor.cli.commands.base import iso_date, new_parser
from ecomonitor.core.yearchange import Verdict
from ecomonitor.jobs.new_year import apply_year, propose_year

LISTED = 30


def register(subparsers) -> None:
    parser = new_parser(
        subparsers, "new-year", "年度切换：导入新一年的监测表，核对后进入新年度",
        "分两步进入新的一年：\n"
        "1. ecomonitor new-year 主表 新监测表：按类别、指标和目标任务文字的相似程度，把新监测表的任务\n"
        "   与主表当前的任务对照，结果写入主表的“年度对照”工作表（沿用、新增、停用、待确认），\n"
        "   主表的任务、进展和历史都不变；\n"
        "2. 在“年度对照”中核对，“待确认”的行在“确认”列填写沿用的原任务编号或“新增”，然后运行\n"
        "   ecomonitor new-year 主表 --apply：四季度的进展归档到“历史”，类别工作表换成新一年的任务，\n"
        "   沿用的任务保留原编号、责任单位和备注，新增的任务取从未用过的新编号，主表进入新一年的一季度。",
        "示例：\n  ecomonitor new-year 主表.xlsm 2024年监测表.docx\n  ecomonitor new-year 主表.xlsm --apply",
    )
    parser.add_argument("master", type=Path, metavar="主表", help="主表（.xlsm）")
    parser.add_argument("table", type=Path, nargs="?", metavar="新监测表",
                        help="新一年的监测表（.docx/.txt）；与 --apply 二选一")
    parser.add_argument("--apply", action="store_true", help="应用已核对的“年度对照”，进入新一年的一季度")
    parser.add_argument("--deadline", type=iso_date, metavar="日期",
                        help="（与 --apply 一起用）新一季度的报送截止日期；默认按四季度的截止日期顺延")
    parser.add_argument("--allow-empty", action="store_true",
                        help="（与 --apply 一起用）四季度没有任何填报时也归档")
    parser.set_defaults(run=run)


def run(args, output) -> int:
    if args.apply == (args.table is not None):
        output.error("请指定新监测表（第一步：生成年度对照），或者加 --apply（第二步：应用年度对照），二者选一。")
        return 2
    if args.apply:
        return _apply(args, output)
    return _propose(args, output)


def _propose(args, output) -> int:
    proposal = propose_year(args.master, args.table)
    year = proposal.following.period.year
    counts = {verdict: len(proposal.of(verdict)) for verdict in Verdict}
    output.line(f"已对照 {year} 年的 {len(proposal.following.tasks)} 项任务："
                + "，".join(f"{verdict.value} {count} 项" for verdict, count in counts.items()) + "。")
    for verdict in (Verdict.UNCERTAIN, Verdict.NEW, Verdict.DROPPED):
        for match in proposal.of(verdict)[:LISTED]:
            where = f"新表第 {match.new_index + 1} 项" if match.new_index is not None else match.old_id
            proposed = f" → {match.old_id}" if match.old_id and match.new_index is not None else ""
            output.line(f"  [{verdict.value}] {where}{proposed}：{match.reason}")
        if len(proposal.of(verdict)) > LISTED:
            output.line(f"  ……另有 {len(proposal.of(verdict)) - LISTED} 项{verdict.value}，见“年度对照”工作表")
    for warning in proposal.warnings:
        output.warning(warning)
    output.line(f"对照结果已写入“{args.master}”的“年度对照”工作表；主表的任务和进展没有改动。")
    output.line(f"核对后运行：ecomonitor new-year {args.master} --apply")
    return 0


def _apply(args, output) -> int:
    change = apply_year(args.master, args.deadline, args.allow_empty)
    output.line(f"已把 {change.previous.label}的 {change.archived} 项任务归档到“历史”工作表。")
    output.line(f"主表已进入 {change.current.label}：沿用 {len(change.continued)} 项（其中目标任务文字有改动 "
                f"{len(change.edited)} 项），新增 {len(change.new)} 项，停用 {len(change.dropped)} 项。")
    if change.new:
        output.line(f"  新增任务的编号：{'、'.join(change.new)}")
    if change.dropped:
        output.line(f"  停用的任务（只保留在“历史”中）：{'、'.join(change.dropped)}")
    if change.deadline:
        output.line(f"报送截止日期：{change.deadline.isoformat()}（可在“配置”中修改）。")
    output.line(f'下一步：生成新一年一季度的部门填报表（ecomonitor split "{args.master}" -o 下发）。')
    return 0
