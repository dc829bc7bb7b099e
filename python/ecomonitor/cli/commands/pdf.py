"""ecomonitor pdf: print a master, or some of its sheets, to PDF with LibreOffice."""

from __future__ import annotations

from pathlib import Path

from ecomonitor.cli.commands.base import new_parser, positive_seconds
from ecomonitor.jobs.libreoffice import DEFAULT_TIMEOUT
from ecomonitor.jobs.pdf import CATEGORY_GROUP, SUMMARY_GROUP, export_pdf


def register(subparsers) -> None:
    parser = new_parser(
        subparsers, "pdf", "导出 PDF（用 LibreOffice，不需要 Excel）",
        "用 LibreOffice 无界面运行，把主表的工作表按各自的打印设置导出为 PDF：\n"
        "A4 横向、一页宽、每页重复表头、页脚“第 X 页 共 Y 页”。\n"
        "需要安装 LibreOffice 和中文字体（见 README 的“安装打印组件”）。\n"
        "在 Excel 中请用功能区的“导出PDF”按钮。",
        "示例：\n"
        "  ecomonitor pdf 主表.xlsm -o 主表.pdf                  全部工作表\n"
        "  ecomonitor pdf 主表.xlsm --sheets 汇总 滞后清单 -o 汇总.pdf\n"
        f"  ecomonitor pdf 主表.xlsm --sheets {SUMMARY_GROUP} -o 汇总表.pdf    汇总、单位汇总、滞后清单、图表、趋势等已生成的汇总类工作表\n"
        f"  ecomonitor pdf 主表.xlsm --sheets {CATEGORY_GROUP} -o 附件.pdf        全部类别工作表（监测表附件）",
    )
    parser.add_argument("master", type=Path, metavar="主表", help="主表（.xlsm 或 .xlsx）")
    parser.add_argument("--sheets", nargs="+", metavar="工作表",
                        help=f"只导出这些工作表（按工作簿中的顺序）；“{CATEGORY_GROUP}”表示全部类别工作表，"
                             f"“{SUMMARY_GROUP}”表示全部汇总表；不写则导出全部可见工作表")
    parser.add_argument("-o", "--output", type=Path, metavar="文件.pdf",
                        help="输出的 PDF 文件或文件夹；不写则与主表同名，放在主表旁边")
    parser.add_argument("--timeout", type=positive_seconds, default=DEFAULT_TIMEOUT, metavar="秒",
                        help=f"LibreOffice 转换的最长时间，单位为秒（默认 {DEFAULT_TIMEOUT:g}）")
    parser.set_defaults(run=run)


def run(args, output) -> int:
    result = export_pdf(args.master, args.output, args.sheets, timeout=args.timeout)
    for warning in result.warnings:
        output.warning(warning)
    output.line(f"已导出“{result.path}”：{len(result.sheets)} 个工作表，共 {result.pages} 页"
                f"（{'、'.join(result.sheets)}）。")
    return 0
