"""ecomonitor bulletin: write the quarterly bulletin (通报) as a Word draft."""

from __future__ import annotations

from pathlib import Path

from ecomonitor.cli.commands.base import filled_text, iso_date, new_parser
from ecomonitor.core.bulletin import DEFAULT_ISSUER, DEFAULT_RECIPIENTS
from ecomonitor.jobs.bulletin import write_bulletin


def register(subparsers) -> None:
    parser = new_parser(
        subparsers, "bulletin", "生成季度通报（Word 草稿）",
        "按党政机关公文格式（GB/T 9704）生成当前季度的通报草稿（.docx）：标题，主送单位，\n"
        "总体情况（任务总数、已完成、达到和落后序时进度的任务数），分类别推进情况，报送情况\n"
        "（未报送单位取自“未报送”工作表），落后序时进度的任务，下一步工作要求，落款，\n"
        "以及分类别、分责任单位的汇总表两个附件。文中数字都由主表计算得出。\n"
        "版头、发文字号、印章和版记请在 Word 或 WPS 中按本单位的模板补充。",
        "示例：\n  ecomonitor bulletin 主表.xlsm -o 2023年二季度通报.docx\n"
        "  ecomonitor bulletin 主表.xlsm -o 通报.docx --date 2023-07-10 --issuer 州生态文明办",
    )
    parser.add_argument("master", type=Path, metavar="主表", help="主表（.xlsm）")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="文件", help="通报的保存位置（.docx）")
    parser.add_argument("--date", type=iso_date, metavar="日期", help="成文日期，如 2023-07-10；默认今天")
    parser.add_argument("--issuer", type=filled_text, default=DEFAULT_ISSUER, metavar="单位", help=f"发文机关署名，默认“{DEFAULT_ISSUER}”")
    parser.add_argument("--recipients", type=filled_text, default=DEFAULT_RECIPIENTS, metavar="单位",
                        help=f"主送机关，默认“{DEFAULT_RECIPIENTS}”")
    parser.set_defaults(run=run)


def run(args, output) -> int:
    if args.output.suffix.lower() != ".docx":
        output.error(f"通报必须保存为 .docx 文件，而不是“{args.output.name}”。")
        return 1
    result = write_bulletin(args.master, args.output, args.date, args.issuer, args.recipients)
    figures = result.bulletin.figures
    output.line(f"通报草稿已写入“{result.path}”：任务 {figures['tasks']} 项，已完成 {figures['completed']} 项，"
                f"达到序时进度 {figures['on_schedule']} 项，落后序时进度 {figures['lagging']} 项。")
    if not result.unreported.from_sheet:
        output.warning("主表中没有本期的“未报送”工作表（尚未汇总合并），通报中的报送情况按各单位任务的填报情况推算。")
    return 0
