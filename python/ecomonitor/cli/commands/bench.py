"""ecomonitor bench: time consolidation on synthetic inboxes of several sizes."""

from __future__ import annotations

import datetime as dt
import shlex
import shutil
import sys
import tempfile
import time
from pathlib import Path

from ecomonitor.bench.report import markdown, record, size_lines
from ecomonitor.bench.run import DEFAULT_SIZES, check_size, run_size
from ecomonitor.cli.commands.base import new_parser, positive_int
from ecomonitor.cli.progress import terminal_progress

STEP_LABELS = {
    "build": "生成主表", "split": "生成填报表", "fill": "模拟各单位填写", "ours": "汇总合并 + 汇总表",
    "serial": "汇总合并 + 汇总表（单进程读取）", "validate": "校验", "naive": "对照：pandas + openpyxl 逐格写入",
    "floor": "下限：calamine 读取 + 主表打开保存一次",
}


def register(subparsers) -> None:
    parser = new_parser(
        subparsers, "bench", "汇总合并的速度测试（基准测试）",
        "按示例监测表生成若干组单位（每组 16 个单位）的主表和填好的填报表，分别计时：生成主表、\n"
        "生成填报表、汇总合并 + 生成汇总表（并行读取和单进程读取各一次，并核对结果相同）、校验，\n"
        "以及两个对照：pandas 逐个读取 + openpyxl 逐格写入的简单做法，和只用 calamine 读取填报表、\n"
        "主表打开保存一次的下限。每一步在单独的进程中运行，计时不含导入模块的时间。",
        "示例：\n  ecomonitor bench\n  ecomonitor bench --sizes 16 224 --record docs/benchmarks.md",
    )
    parser.add_argument("--sizes", type=positive_int, nargs="+", default=list(DEFAULT_SIZES), metavar="份数",
                        help="每次测试的填报表份数，须为 16 的倍数；默认 16 224 2000")
    parser.add_argument("--folder", type=Path, metavar="文件夹",
                        help="生成的文件保存在这里并保留；默认用临时文件夹，结束后删除")
    parser.add_argument("--workers", type=positive_int, metavar="进程数",
                        help="读取填报表的进程数；默认按本机可用的 CPU 数（最多 8 个）")
    parser.add_argument("--record", type=Path, metavar="文件",
                        help="把结果（命令、机器、日期和各表）写入这个 Markdown 文件，替换上次记录的结果")
    parser.set_defaults(run=run)


def run(args, output) -> int:
    for copies in args.sizes:
        check_size(copies)
    started = time.perf_counter()
    folder = args.folder or Path(tempfile.mkdtemp(prefix="ecomonitor-bench-"))
    try:
        results = _run_sizes(args, folder, output)
    finally:
        if args.folder is None:
            shutil.rmtree(folder, ignore_errors=True)
    total = time.perf_counter() - started
    command = "ecomonitor " + shlex.join(sys.argv[1:])
    for result in results:
        for line in size_lines(result):
            output.line(line)
    output.line(f"总用时 {total:.0f} 秒。")
    if args.record:
        record(args.record, markdown(results, command, total, dt.datetime.now(dt.timezone.utc).date()))
        output.line(f"结果已写入“{args.record}”。")
    return 0 if all(result.identical for result in results) else 1


def _run_sizes(args, folder: Path, output) -> list:
    results = []
    with terminal_progress(output.quiet) as progress:
        for copies in args.sizes:
            def on_step(size: int, step: str) -> None:
                progress.step(f"{size} 份：{STEP_LABELS[step]}")

            results.append(run_size(copies, folder / f"{copies}", args.workers, on_step))
    return results
