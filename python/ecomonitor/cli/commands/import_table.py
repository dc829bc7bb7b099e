"""ecomonitor import: read a monitoring table and write its framework as JSON."""

from __future__ import annotations

from pathlib import Path

from ecomonitor.cli.commands.base import new_parser
from ecomonitor.core.serialize import framework_to_dict, save_framework
from ecomonitor.jobs.sources import load_source


def register(subparsers) -> None:
    parser = new_parser(
        subparsers, "import", "读取监测表（Word 附件或其纯文本导出）并检查",
        "读取监测表，按规则整理成监测框架（类别、指标、任务、牵头单位），\n"
        "对照 schemas/framework.schema.json 检查后写成 JSON 文件，供 build 使用。\n"
        "合并单元格、分页后重复的指标、同一单位的不同写法都会自动处理；\n"
        "无法识别的牵头单位会列出，请加入单位名册（--departments）。",
        "示例：\n  ecomonitor import 附件1.docx\n  ecomonitor import 附件1.txt -o 框架.json\n  ecomonitor import 附件1.docx -o -    （把 JSON 输出到屏幕）",
    )
    parser.add_argument("table", type=Path, metavar="监测表", help="Word 附件（.docx）或其纯文本导出（.txt）")
    parser.add_argument("-o", "--output", type=Path, metavar="文件",
                        help="框架JSON文件的保存位置，“-”表示输出到屏幕（默认：当前文件夹下的“监测表名.framework.json”）")
    parser.add_argument("--departments", type=Path, metavar="名册.json",
                        help="单位名册（JSON，含单位名称和别名）；不指定时使用内置的湘西州名册")
    parser.set_defaults(run=run)


def run(args, output) -> int:
    result = load_source(args.table, args.departments)
    framework = result.framework
    if args.output == Path("-"):
        output.json(framework_to_dict(framework))
    else:
        target = args.output or Path(f"{args.table.stem}.framework.json")
        save_framework(framework, target)
        output.line(f"已读取“{args.table.name}”：{framework.period.label}，{len(framework.categories)} 个类别、"
                    f"{len(framework.indicators)} 项指标、{len(framework.tasks)} 项任务、"
                    f"{len(framework.departments)} 个牵头单位。")
        output.line(f"框架已写入“{target}”。")
    for warning in result.warnings:
        output.warning(warning)
    return 0


