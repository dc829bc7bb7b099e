"""Entry point of the ``ecomonitor`` command."""

from __future__ import annotations

import argparse
import os
import sys
import traceback

from ecomonitor import __version__
from ecomonitor.cli import chinese
from ecomonitor.cli.commands import COMMANDS
from ecomonitor.cli.output import Output
from ecomonitor.errors import EcoMonitorError

DESCRIPTION = """\
湘西州打造全国生态文明样板州监测管理平台（命令行）。

命令行能完成 Excel 功能区的全部操作，没有 Excel 的电脑（Linux、WPS 用户、自动化脚本）也能使用。
每季度的流程：build 生成主表 → split 生成部门填报表 → 各单位填写后发回 → consolidate 汇总合并 → summary 生成汇总表
→ bulletin 生成通报 → new-period 进入下一季度；四季度之后用 new-year 切换到新的一年。"""

EPILOG = """\
示例：
  ecomonitor demo 演示                       用示例数据完整跑一遍季度流程
  ecomonitor import 监测表.docx              读取监测表并检查
  ecomonitor build 监测表.docx -o 主表.xlsm  生成主表
  ecomonitor 命令 --help                     查看某个命令的说明

退出码：0 成功；1 命令失败或发现错误；2 命令行参数有误。"""


def build_parser() -> argparse.ArgumentParser:
    chinese.install()
    parser = argparse.ArgumentParser(
        prog="ecomonitor", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=chinese.HelpFormatter, add_help=False,
    )
    add_common_options(parser)
    parser.add_argument("--version", action="version", version=f"ecomonitor {__version__}",
                        help="显示版本号并退出")
    subparsers = parser.add_subparsers(title="命令", dest="command", metavar="<命令>")
    for command in COMMANDS:
        command.register(subparsers)
    return parser


def add_common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    parser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="出错时显示完整的 Python 错误堆栈（供技术人员排查）")
    parser.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                        help="只输出错误，不显示进度和结果")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    output = Output(quiet=getattr(args, "quiet", False))
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return args.run(args, output)
    except EcoMonitorError as error:
        if getattr(args, "debug", False):
            traceback.print_exc()
        output.error(str(error))
        return 1
    except KeyboardInterrupt:
        output.error("已中断。")
        return 130
    except BrokenPipeError:
        # The reader of a pipe (head, less) stopped early: nothing is wrong.
        # Point stdout at devnull so the interpreter's final flush stays quiet.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:
        if getattr(args, "debug", False):
            raise
        output.error(describe_os_error(error))
        return 1
    except Exception as error:  # the last line of defence: never a bare traceback for users
        if getattr(args, "debug", False):
            raise
        output.error(f"发生了意外错误（{type(error).__name__}：{error}）。请加 --debug 重新运行，并把输出发给技术人员。")
        return 1


OS_ERRORS = {
    FileExistsError: "“{name}”已存在，而且不是文件夹：请另选一个文件夹，或先移走这个文件。",
    NotADirectoryError: "路径“{name}”中有一段是文件而不是文件夹：请检查路径。",
    IsADirectoryError: "“{name}”是文件夹，这里需要一个文件：请检查路径。",
    FileNotFoundError: "找不到“{name}”：请检查路径。",
    PermissionError: "没有权限读写“{name}”（只读文件、只读文件夹或被其他程序占用）：请检查文件属性或权限后重试。",
}


def describe_os_error(error: OSError) -> str:
    """Say in Chinese which file an operating-system error concerns and what to do."""
    name = error.filename or ""
    for kind, message in OS_ERRORS.items():
        if isinstance(error, kind) and name:
            return message.format(name=name)
    return f"读写文件时出错（{error.strerror or error}{f'：{name}' if name else ''}）：请检查路径、磁盘空间和权限后重试。"


if __name__ == "__main__":
    sys.exit(main())
