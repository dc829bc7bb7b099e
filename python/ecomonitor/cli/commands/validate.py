"""ecomonitor validate: check a master or a department copy."""

from __future__ import annotations

from pathlib import Path

from ecomonitor.cli.commands.base import new_parser
from ecomonitor.cli.progress import terminal_progress
from ecomonitor.core.findings import Severity, count_by_severity
from ecomonitor.jobs.validate import MASTER, validate_file


def register(subparsers) -> None:
    parser = new_parser(
        subparsers, "validate", "校验主表或部门填报表",
        "检查主表或一份部门填报表中的每项任务，列出全部问题（不会在第一个问题处停止）：\n"
        "进展或完成率未填、完成率无法识别或超出范围、完成率与进展中的数字不符、\n"
        "任务仍在进行却填 100%、进展与上季度相同、数字早于本报告期、任务编号缺失或重复、\n"
        "单位不在名册中、应填文字处是公式、文字过长无法打印、同一目标出现在两个类别等。\n"
        "每条问题有固定的代码和严重程度（错误、警告、提示）。校验主表时结果写入主表的\n"
        "“校验结果”工作表；校验填报表时只显示结果，不修改填报表。发现错误时退出码为 1。",
        "示例：\n  ecomonitor validate 主表.xlsm\n  ecomonitor validate 州林业局_2023年二季度.xlsx --master 主表.xlsm\n"
        "  ecomonitor validate 主表.xlsm --json    （以 JSON 输出，供脚本使用）",
    )
    parser.add_argument("file", type=Path, metavar="文件", help="主表（.xlsm）或部门填报表（.xlsx）")
    parser.add_argument("--master", type=Path, metavar="主表",
                        help="校验填报表时使用的主表：核对签名，并使用主表的配置和单位名册")
    parser.add_argument("--departments", type=Path, metavar="名册.json",
                        help="校验填报表且不指定主表时使用的单位名册（JSON）；默认使用内置名册")
    parser.add_argument("--no-write", action="store_true", help="校验主表时不写入“校验结果”工作表")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出全部问题，供脚本使用")
    parser.set_defaults(run=run)


def run(args, output) -> int:
    with terminal_progress(output.quiet) as progress:
        progress.step("校验")
        report = validate_file(args.file, master=args.master, register_path=args.departments,
                               write=not args.no_write)
    if report.kind == MASTER and args.master is not None:
        output.warning(f"“{args.file}”本身是主表，--master 只用于校验填报表，已忽略。")
    counts = count_by_severity(report.findings)
    if args.json:
        output.json({
            "file": str(report.path), "kind": report.kind,
            "counts": {severity.value: counts[severity] for severity in Severity},
            "findings": [finding.to_dict() for finding in report.findings],
        })
        return 1 if report.errors else 0
    for finding in report.findings:
        value = f"（值：{finding.value}）" if finding.value else ""
        output.finding(f"[{finding.code}] {finding.severity.value}：{finding.where() or finding.file}：{finding.message}{value}",
                       finding.severity is Severity.ERROR)
    summary = "，".join(f"{severity.value} {counts[severity]} 条" for severity in Severity)
    output.line(f"共 {len(report.findings)} 条问题：{summary}。")
    if report.written_sheet:
        output.line(f"已写入“{report.path.name}”的“{report.written_sheet}”工作表。")
    return 1 if report.errors else 0
