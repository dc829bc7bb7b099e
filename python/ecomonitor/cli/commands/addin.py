"""ecomonitor addin: write the Excel add-in EcoMonitor.xlam."""

from __future__ import annotations

from pathlib import Path

from ecomonitor.cli.commands.base import new_parser
from ecomonitor.jobs.addin import build_addin

DEFAULT_OUTPUT = Path("addin/EcoMonitor.xlam")


def register(subparsers) -> None:
    parser = new_parser(
        subparsers, "addin", "生成 Excel 加载项（EcoMonitor.xlam）",
        "生成 Excel 加载项：显示“生态监测”选项卡，按钮作用于当前打开的平台主表。\n"
        "主表本身也带有同样的选项卡；两者同时打开时只显示一组按钮。\n"
        "相同版本的平台生成的加载项逐字节相同。",
        "示例：\n  ecomonitor addin\n  ecomonitor addin -o D:\\平台\\EcoMonitor.xlam",
    )
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT, metavar="加载项",
                        help=f"加载项的保存位置（.xlam），默认 {DEFAULT_OUTPUT}")
    parser.set_defaults(run=run)


def run(args, output) -> int:
    path = build_addin(args.output)
    output.line(f"加载项已生成：“{path}”。请复制到受信任位置，并在 Excel 的“加载项”中勾选。")
    return 0
