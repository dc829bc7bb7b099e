"""ecomonitor build: write the master workbook."""

from __future__ import annotations

from pathlib import Path

from ecomonitor.cli.commands.base import iso_date, new_parser
from ecomonitor.cli.progress import terminal_progress
from ecomonitor.jobs.build import build

DEFAULT_OUTPUT = Path("workbook/MonitoringPlatform.xlsm")


def register(subparsers) -> None:
    parser = new_parser(
        subparsers, "build", "由监测表生成主表（.xlsm）",
        "由监测表（.docx/.txt）或框架 JSON 生成主表：每个类别一个工作表，\n"
        "另有 说明、单位、配置 工作表。不指定来源时使用内置的 2023 年二季度示例监测表。\n"
        "每个新主表有自己的平台编号和签名密钥，部门填报表只能由生成它的主表汇总。\n"
        "保存位置已有文件时不会覆盖，除非加 --force（原文件先备份）。",
        "示例：\n  ecomonitor build 附件1.docx -o 主表.xlsm --empty --deadline 2023-06-25\n"
        "      （进展和完成率留空，用于新一轮收集）\n"
        "  ecomonitor build 附件1.docx -o 主表.xlsm    （带入监测表中已有的进展和完成率）",
    )
    parser.add_argument("source", type=Path, nargs="?", metavar="来源",
                        help="监测表（.docx/.txt）或 import 生成的框架 JSON；省略时使用内置示例")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT, metavar="主表",
                        help=f"主表的保存位置（.xlsm），默认 {DEFAULT_OUTPUT}")
    parser.add_argument("--departments", type=Path, metavar="名册.json", help="单位名册（JSON）；默认使用内置名册")
    parser.add_argument("--deadline", type=iso_date, metavar="日期", help="报送截止日期，如 2023-06-25（可稍后在“配置”中修改）")
    parser.add_argument("--empty", action="store_true", help="不带入监测表中的进展和完成率")
    parser.add_argument("--force", action="store_true",
                        help="保存位置已有文件时替换它（原文件先备份到同一文件夹的“备份”子文件夹）")
    parser.add_argument("--reproducible", action="store_true",
                        help="以固定时间和公开的示例密钥生成，相同输入得到相同文件；仅用于示例和测试，不可用于实际收集")
    parser.set_defaults(run=run)


def run(args, output) -> int:
    if args.output.suffix.lower() != ".xlsm":
        output.error(f"主表必须保存为 .xlsm 文件，而不是“{args.output.name}”。")
        return 1
    with terminal_progress(output.quiet) as progress:
        progress.step("生成主表")
        result = build(args.source, args.output, args.departments, empty=args.empty,
                       reproducible=args.reproducible, deadline=args.deadline, overwrite=args.force)
    framework = result.framework
    output.line(f"主表已生成：“{result.path}”（{framework.period.label}，{len(framework.categories)} 个类别工作表，"
                f"{len(framework.tasks)} 项任务）。")
    for warning in result.warnings:
        output.warning(warning)
    if result.example_key:
        output.warning("该主表使用公开的示例密钥，只能用于演示和测试；实际收集请不加 --reproducible 重新生成。")
    output.line(f'下一步：在“配置”中核对截止日期和联系人，然后生成部门填报表：ecomonitor split "{result.path}" -o 下发')
    return 0
