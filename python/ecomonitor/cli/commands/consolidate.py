"""ecomonitor consolidate: take the returned copies into the master."""

from __future__ import annotations

from pathlib import Path

from ecomonitor.cli.commands.base import new_parser, positive_int
from ecomonitor.cli.progress import terminal_progress
from ecomonitor.core.findings import Severity
from ecomonitor.core.rates import format_rate
from ecomonitor.jobs.consolidate import consolidate_inbox, result_document
from ecomonitor.xlsx.report_sheets import FIELD_NAMES

SHOWN_LENGTH = 60


def register(subparsers) -> None:
    parser = new_parser(
        subparsers, "consolidate", "汇总合并收回的填报表",
        "读取收件文件夹（含子文件夹和 .zip 压缩包；也可以直接给一个 .zip 压缩包）中的全部文件，\n按文件内容判断类型，"
        "按填报表内的隐藏信息识别单位和报告期（与文件名无关），核对签名后把各单位填写的\n"
        "进展和完成率写入主表，并在主表中生成“报送情况”“未报送”工作表、追加“变更记录”。\n"
        "只采用主表分配给该单位的任务；不合格的行和文件逐一列出原因，主表保持原值。\n"
        "写入前把主表备份到同一文件夹的“备份”子文件夹；主表在 Excel、WPS 或 LibreOffice 中\n"
        "打开时不写入。",
        "示例：\n  ecomonitor consolidate 主表.xlsm 收回\n  ecomonitor consolidate 主表.xlsm 收回 --dry-run   （只显示将要做的改动）",
    )
    parser.add_argument("master", type=Path, metavar="主表", help="主表（.xlsm）")
    parser.add_argument("inbox", type=Path, metavar="收件文件夹",
                        help="存放收回的填报表的文件夹，或装有填报表的一个 .zip 压缩包")
    parser.add_argument("--dry-run", action="store_true", help="只列出将要写入的改动，不修改主表")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出结果，供脚本使用")
    parser.add_argument("--summary", action="store_true",
                        help="汇总合并后接着生成汇总表（同 ecomonitor summary），主表只打开和保存一次")
    parser.add_argument("--workers", type=positive_int, metavar="进程数",
                        help="同时读取填报表的进程数；默认按本机可用的 CPU 数（最多 8 个），1 表示不开新进程")
    parser.set_defaults(run=run)


def run(args, output) -> int:
    with terminal_progress(output.quiet or args.json) as progress:
        result = consolidate_inbox(args.master, args.inbox, dry_run=args.dry_run, workers=args.workers,
                                   progress=progress.counter("读取填报表"), summary=args.summary and not args.dry_run,
                                   step=progress.step)
    if args.json:
        output.json(result_document(result))
        return exit_code(result)
    for report in result.reports:
        late = "（逾期）" if report.late else ""
        output.line(f"{report.name}：{report.department or '未识别'}，{report.status}{late}，"
                    f"采用 {report.rows_taken} 行，未采用 {report.rows_rejected} 行")
        for finding in report.findings:
            output.finding(f"    [{finding.code}] {finding.severity.value}：{finding.where()}：{finding.message}",
                           finding.severity is Severity.ERROR)
    for finding in result.findings:
        if not finding.file:
            output.finding(f"[{finding.code}] {finding.severity.value}：{finding.where()}：{finding.message}",
                           finding.severity is Severity.ERROR)
    if args.dry_run:
        for change in result.changes:
            output.line(f"将改动 {change.task_id} {FIELD_NAMES[change.field]}：{_shown(change.old)} → {_shown(change.new)}"
                        f"（{change.department}，{change.file}）")
    verb = "将写入" if args.dry_run else "已写入"
    output.line(f"共 {len(result.reports)} 个文件；{verb} {result.tasks_changed} 项任务的 {len(result.changes)} 处改动。")
    if result.unreported:
        output.line(f"未报送单位（{len(result.unreported)} 个）：{'、'.join(result.unreported)}")
    else:
        output.line("所有单位均已报送。")
    if args.dry_run:
        output.line("（--dry-run：主表未被修改）")
    elif args.summary:
        output.line("已生成汇总表（汇总、单位汇总、滞后清单、图表、趋势、进展未变化）。")
        output.line(f'下一步：校验（ecomonitor validate "{args.master}"）。')
    else:
        output.line(f'下一步：校验（ecomonitor validate "{args.master}"），再生成汇总表（ecomonitor summary "{args.master}"）。')
    return exit_code(result)


def exit_code(result) -> int:
    """Return 1 when any finding is an error, else 0; the text and JSON outputs share it."""
    errors = sum(1 for f in result.findings if f.severity is Severity.ERROR)
    return 0 if errors == 0 else 1


def _shown(value: object) -> str:
    """Show a value on one line: rates as percentages, long texts cut."""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, float):
        return format_rate(value)
    text = " ".join(str(value).split())
    return text if len(text) <= SHOWN_LENGTH else text[:SHOWN_LENGTH] + "…"
