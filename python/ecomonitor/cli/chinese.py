"""Simplified Chinese for argparse's own words (usage, options, error messages).

argparse looks its messages up through the module-level functions ``_`` and
``ngettext``; replacing those gives Chinese help and errors without touching
the rest of the process.
"""

from __future__ import annotations

import argparse

MESSAGES = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "expected one argument": "需要一个参数值",
    "expected at most one argument": "最多需要一个参数值",
    "expected at least one argument": "至少需要一个参数值",
    "ambiguous option: %(option)s could match %(matches)s": "有歧义的选项：%(option)s 可以是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 中必须提供一个",
    "ignored explicit argument %r": "忽略了多余的参数值 %r",
}
PLURALS = {
    "expected %s argument": "需要 %s 个参数值",
    "expected %s arguments": "需要 %s 个参数值",
}


def translate(message: str) -> str:
    return MESSAGES.get(message, message)


def translate_plural(singular: str, plural: str, count: int) -> str:
    chosen = singular if count == 1 else plural
    return PLURALS.get(chosen, chosen)


def install() -> None:
    argparse._ = translate
    argparse.ngettext = translate_plural


SECTION_TITLES = ("位置参数", "选项", "命令")


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the line breaks of descriptions and examples as written.

    argparse appends an ASCII colon to section titles itself; the full-width
    colon replaces it, as Chinese text has it.
    """

    def format_help(self) -> str:
        text = super().format_help()
        for title in SECTION_TITLES:
            text = text.replace(f"\n{title}:\n", f"\n{title}：\n")
        return text
