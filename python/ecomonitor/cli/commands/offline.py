"""ecomonitor offline: assemble an offline installation folder for 64-bit Windows."""

from __future__ import annotations

from pathlib import Path

from ecomonitor.cli.commands.base import new_parser
from ecomonitor.install.offline import SUPPORTED_PYTHONS, assemble


def register(subparsers) -> None:
    parser = new_parser(
        subparsers, "offline", "准备 64 位 Windows 的离线安装包",
        "为不能上网的 64 位 Windows 电脑准备安装文件夹：平台及全部依赖的安装包（从 PyPI 下载），\n"
        "加载项、示例主表和 install.bat。需要在能访问 PyPI 的电脑上、在项目文件夹中运行。\n"
        f"默认为 Python {'、'.join(SUPPORTED_PYTHONS)} 各下载一套；用 --python 只下载需要的版本。",
        "示例：\n  ecomonitor offline -o 离线安装包\n  ecomonitor offline -o 离线安装包 --python 3.11",
    )
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="文件夹",
                        help="离线安装包的保存文件夹（不存在时自动创建）")
    parser.add_argument("--python", action="append", choices=SUPPORTED_PYTHONS, metavar="版本",
                        help=f"目标电脑的 Python 版本，可重复使用；默认 {'、'.join(SUPPORTED_PYTHONS)}")
    parser.add_argument("--source", type=Path, default=Path("."), metavar="项目文件夹",
                        help="ecomonitor 的项目文件夹（含 pyproject.toml），默认当前文件夹")
    parser.set_defaults(run=run)


def run(args, output) -> int:
    pythons = tuple(args.python or SUPPORTED_PYTHONS)
    output.step("下载", f"Python {'、'.join(pythons)} 的 win_amd64 安装包，需要几分钟")
    folder = assemble(args.output, args.source, pythons)
    output.line(f"离线安装包已生成：“{folder.path}”，共 {len(folder.wheels)} 个安装包。"
                f"在目标电脑上运行 install.bat \"python.exe 的完整路径\"。")
    return 0
