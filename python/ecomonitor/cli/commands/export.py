"""ecomonitor export: write every period's entries as CSV or JSON."""

from __future__ import annotations

import sys
from pathlib import Path

from ecomonitor.cli.commands.base import new_parser
from ecomonitor.jobs.export import FORMATS, export_master, render, write_export


def register(subparsers) -> None:
    parser = new_parser(
        subparsers, "export", "导出各报告期的数据（CSV 或 JSON）",
        "导出主表“历史”中已归档的各报告期和当前报告期的全部任务数据，每个报告期每项任务一条，\n"
        "字段见 schemas/export.schema.json，供上报省级系统和数据分析使用。\n"
        "CSV 的列与该文件中 record 的字段一一对应，编码为带 BOM 的 UTF-8，可直接用 Excel 或 WPS 打开；\n"
        "以 = + - @、制表符或回车开头的文字前加一个单引号（'），打开时不会被当作公式。\n"
        "保存位置已有文件时不会覆盖，除非加 --force。",
        "示例：\n  ecomonitor export 主表.xlsm --format csv -o 各期数据.csv\n"
        "  ecomonitor export 主表.xlsm --format json          （输出到屏幕）",
    )
    parser.add_argument("master", type=Path, metavar="主表", help="主表（.xlsm）")
    parser.add_argument("--format", dest="output_format", choices=FORMATS, required=True, metavar="格式",
                        help="导出格式：csv 或 json")
    parser.add_argument("-o", "--output", type=Path, metavar="文件", help="保存位置；省略或为“-”时输出到屏幕")
    parser.add_argument("--force", action="store_true", help="保存位置已有文件时替换它")
    parser.set_defaults(run=run)


def run(args, output) -> int:
    document = export_master(args.master)
    text = render(document, args.output_format)
    if args.output is None or args.output == Path("-"):
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    write_export(text, args.output_format, args.output, master=args.master, overwrite=args.force)
    output.line(f"已导出 {len(document['periods'])} 个报告期、{len(document['records'])} 条记录到“{args.output}”。")
    return 0
