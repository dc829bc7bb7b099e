"""ecomonitor split: write one copy per department."""

from __future__ import annotations

from pathlib import Path

from ecomonitor.cli.commands.base import new_parser, positive_int
from ecomonitor.cli.progress import terminal_progress
from ecomonitor.jobs.split import split


def register(subparsers) -> None:
    parser = new_parser(
        subparsers, "split", "生成各单位的部门填报表（.xlsx）",
        "为每个责任单位生成一份只含本单位任务的 .xlsx 填报表：固定内容已锁定，\n"
        "只需填写进展和完成率；表内隐藏信息标明单位和报告期，并由主表的密钥签名。\n"
        "填报表无需宏，可用 Excel、WPS 或 LibreOffice 填写。",
        "示例：\n  ecomonitor split 主表.xlsm -o 下发\n  ecomonitor split 主表.xlsm -o 下发 --department 州林业局 --department 州水利局",
    )
    parser.add_argument("master", type=Path, metavar="主表", help="主表（.xlsm）")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="文件夹", help="填报表的保存文件夹（不存在时自动创建）")
    parser.add_argument("--department", action="append", metavar="单位",
                        help="只生成该单位的填报表，可重复使用；默认生成全部单位")
    parser.add_argument("--workers", type=positive_int, metavar="进程数",
                        help="同时生成填报表的进程数；默认按本机可用的 CPU 数（最多 8 个），1 表示不开新进程")
    parser.set_defaults(run=run)


def run(args, output) -> int:
    with terminal_progress(output.quiet) as progress:
        result = split(args.master, args.output, args.department, progress.counter("生成填报表"), args.workers)
    for name, count, path in result.copies:
        output.line(f"{name}：{count} 项任务 → {path}")
    for name in result.skipped:
        output.warning(f"“{name}”没有责任任务，未生成填报表。")
    output.line(f"共生成 {len(result.copies)} 份填报表，位于“{args.output}”。")
    if result.example_key:
        output.warning("该主表使用公开的示例密钥，填报表的签名可以被伪造；实际收集请用 ecomonitor build 重新生成主表。")
    output.line(f'下一步：把填报表发给各单位；收回后放进一个文件夹，执行 ecomonitor consolidate "{args.master}" 收件文件夹')
    return 0
