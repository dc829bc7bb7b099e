"""ecomonitor demo: the whole quarterly cycle on the example table."""

from __future__ import annotations

from pathlib import Path

from ecomonitor.cli.commands.base import new_parser
from ecomonitor.jobs.demo import run_demo


def register(subparsers) -> None:
    parser = new_parser(
        subparsers, "demo", "用示例数据演示完整的季度流程",
        "用内置的湘西州 2023 年二季度监测表完整跑一遍季度流程：导入 → 生成主表 →\n"
        "生成 16 份部门填报表 → 按监测表的二季度进展和完成率模拟各单位填写 → 汇总合并 →\n"
        "生成汇总表 → 核对主表中 104 项任务的进展和完成率与示例一致。",
        "示例：\n  ecomonitor demo 演示",
    )
    parser.add_argument("output", type=Path, metavar="输出文件夹", help="演示文件的保存文件夹（不存在时自动创建）")
    parser.add_argument("--force", action="store_true", help="输出文件夹中已有文件时照样运行，覆盖同名文件（主表先备份）")
    parser.set_defaults(run=run)


def run(args, output) -> int:
    result = run_demo(args.output, output.step, force=args.force)
    for mismatch in result.mismatches:
        output.error(mismatch)
    if result.ok:
        output.line(f"演示完成：{result.matching}/{result.tasks} 项任务已汇总，与示例一致。文件位于“{args.output}”。")
        return 0
    output.error(f"演示未通过：{result.tasks - result.matching} 项任务与示例不一致。")
    return 1
