"""The ecomonitor command, run as a user runs it (a subprocess)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from openpyxl import load_workbook

COMMANDS = ["import", "build", "split", "consolidate", "compute", "validate", "summary", "new-period", "new-year",
            "bulletin", "export", "demo", "bench"]
ENGLISH = re.compile(r"usage:|options:|positional arguments|show this help|error:|required", re.IGNORECASE)


def run(*args, cwd=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "ecomonitor", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", cwd=cwd, env=env, timeout=600)


def test_main_help_in_chinese():
    completed = run("--help")
    assert completed.returncode == 0
    assert "用法：ecomonitor" in completed.stdout
    assert "选项：" in completed.stdout
    assert not ENGLISH.search(completed.stdout)
    for command in COMMANDS:
        assert command in completed.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_command_help_in_chinese(command):
    completed = run(command, "--help")
    assert completed.returncode == 0
    assert f"用法：ecomonitor {command}" in completed.stdout
    assert "示例：" in completed.stdout
    assert not ENGLISH.search(completed.stdout)


def test_usage_error_in_chinese():
    completed = run("consolidate")
    assert completed.returncode == 2
    assert "缺少必需的参数：主表, 收件文件夹" in completed.stderr
    assert not ENGLISH.search(completed.stderr)


def test_import_writes_framework(example_path, tmp_path):
    completed = run("import", example_path, "-o", tmp_path / "f.json")
    assert completed.returncode == 0, completed.stderr
    assert "104 项任务" in completed.stdout
    document = json.loads((tmp_path / "f.json").read_text("utf-8"))
    assert len(document["tasks"]) == 104


def test_import_to_stdout(example_path):
    completed = run("import", example_path, "-o", "-")
    assert json.loads(completed.stdout)["period"] == {"year": 2023, "quarter": 2}


def test_bad_input_exit_code_and_message(tmp_path):
    table = tmp_path / "bad.txt"
    table.write_text("一、打造甲样板指标监测表\n\t指标\n\t牵头单位\n\t2023年目标任务\n\t二季度进展\n\t完成率\n\n"
                     "\t1.指标\n\t州外星局\n\t目标\n\t进展\n\t50%\n", "utf-8")
    completed = run("import", table)
    assert completed.returncode == 1
    assert "错误：" in completed.stderr
    assert "州外星局" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_cycle_through_commands(tmp_path, example_path):
    master = tmp_path / "主表.xlsm"
    assert run("build", example_path, "-o", master, "--empty").returncode == 0
    completed = run("split", master, "-o", tmp_path / "下发", "--department", "州水利局")
    assert completed.returncode == 0, completed.stderr
    copy = tmp_path / "下发" / "州水利局_2023年二季度.xlsx"
    assert copy.is_file()
    inbox = tmp_path / "收回"
    inbox.mkdir()
    (inbox / "x.xlsx").write_bytes(copy.read_bytes())
    completed = run("consolidate", master, inbox, "--json")
    assert completed.returncode == 0, completed.stderr
    document = json.loads(completed.stdout)
    assert document["files"][0]["department"] == "州水利局"
    assert len(document["unreported"]) == 16  # the copy came back blank, so 州水利局 has not reported either
    completed = run("summary", master)
    assert completed.returncode == 0, completed.stderr
    assert "合计" in completed.stdout


def test_compute_and_validate_commands(example_master, tmp_path):
    master = tmp_path / "主表.xlsm"
    master.write_bytes(example_master.read_bytes())
    completed = run("compute", master)
    assert completed.returncode == 0, completed.stderr
    assert "已核算 104 项任务" in completed.stdout
    completed = run("validate", master, "--json")
    assert completed.returncode == 0, completed.stderr
    document = json.loads(completed.stdout)
    assert document["kind"] == "master"
    assert document["counts"]["错误"] == 0
    assert ("rate-mismatch", "T06-02-02") in {(f["code"], f["task_id"]) for f in document["findings"]}
    completed = run("validate", master)
    assert "[rate-mismatch] 警告" in completed.stdout
    assert "已写入" in completed.stdout and "校验结果" in completed.stdout


def test_validate_exit_code_on_errors(example_master, tmp_path):
    from ecomonitor.xlsx.master import open_master, save_master

    master = tmp_path / "主表.xlsm"
    master.write_bytes(example_master.read_bytes())
    book = open_master(master)
    book.cell("T01-01-01", "rate").value = "一半"
    save_master(book)
    completed = run("validate", master, "--json", "--no-write")
    assert completed.returncode == 1
    [finding] = [f for f in json.loads(completed.stdout)["findings"] if f["severity"] == "错误"]
    assert (finding["code"], finding["cell"], finding["value"]) == ("rate-invalid", "G3", "一半")


def test_validate_neither_master_nor_copy(tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "plain.xlsx"
    Workbook().save(path)
    completed = run("validate", path)
    assert completed.returncode == 1
    assert "既不是平台主表" in completed.stderr


def test_build_refuses_non_xlsm(tmp_path):
    completed = run("build", "-o", tmp_path / "m.xlsx")
    assert completed.returncode == 1
    assert ".xlsm" in completed.stderr


def test_split_unknown_department(example_master, tmp_path):
    completed = run("split", example_master, "-o", tmp_path, "--department", "州外星局")
    assert completed.returncode == 1
    assert "州外星局" in completed.stderr
    assert "可选的单位" in completed.stderr


def test_demo_command(tmp_path):
    completed = run("demo", tmp_path / "演示")
    assert completed.returncode == 0, completed.stderr
    assert "104/104 项任务已汇总，与示例一致" in completed.stdout


def test_period_commands(rolled, tmp_path):
    master = tmp_path / "主表.xlsm"
    master.write_bytes(rolled.q3.read_bytes())
    completed = run("bulletin", master, "-o", tmp_path / "通报.docx", "--date", "1999-01-01")
    assert completed.returncode == 1
    assert "成文日期 1999-01-01 不在 2023-07-01 至 2024-09-30 之间" in completed.stderr
    completed = run("bulletin", master, "-o", tmp_path / "通报.docx", "--date", "2023-10-12")
    assert completed.returncode == 0, completed.stderr
    assert (tmp_path / "通报.docx").is_file()
    completed = run("new-period", master)
    assert completed.returncode == 0, completed.stderr
    assert "主表已进入 2023年四季度" in completed.stdout
    completed = run("summary", master)
    assert completed.returncode == 0, completed.stderr
    assert "本期还没有已填报完成率的任务，暂不能与 2023年三季度 比较" in completed.stdout
    assert "nan" not in completed.stdout
    completed = run("new-period", master)
    assert completed.returncode == 1
    assert "错误：2023年四季度是全年最后一个季度" in completed.stderr
    assert "Traceback" not in completed.stderr
    completed = run("export", master, "--format", "json")
    assert completed.returncode == 0, completed.stderr
    assert [p["label"] for p in json.loads(completed.stdout)["periods"]][-1] == "2023年四季度"


def test_export_keeps_existing_file(example_master, tmp_path):
    target = tmp_path / "各期数据.csv"
    target.write_text("上次的导出", "utf-8")
    completed = run("export", example_master, "--format", "csv", "-o", target)
    assert completed.returncode == 1
    assert "已存在" in completed.stderr
    assert "--force" in completed.stderr
    assert target.read_text("utf-8") == "上次的导出"
    completed = run("export", example_master, "--format", "csv", "-o", target, "--force")
    assert completed.returncode == 0, completed.stderr
    assert target.read_text("utf-8-sig").startswith("year,quarter")


def test_new_year_needs_table_or_apply(example_master):
    completed = run("new-year", example_master)
    assert completed.returncode == 2
    assert "二者选一" in completed.stderr


def test_validate_word_file_says_not_workbook(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("通知")
    path = tmp_path / "通知.docx"
    document.save(str(path))
    completed = run("validate", path)
    assert completed.returncode == 1
    assert "这是 Word、演示文稿或其他办公文档" in completed.stderr
    assert "Traceback" not in completed.stderr


NOT_WORKBOOKS = {
    "说明.xlsx": ("一、二、三\n州林业局,50%\n".encode("gbk"), "这是文本（CSV）文件", "file-csv"),
    "报告.xlsx": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "这是 PDF 文件", "file-unsupported"),
    "旧表.xlsx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le") + bytes(600),
                 "这是旧版 Excel（.xls）格式的文件", "file-xls"),
    "空.xlsx": (b"", "文件是空的", "file-empty"),
}


@pytest.mark.parametrize("name", sorted(NOT_WORKBOOKS))
def test_validate_not_workbook_names_kind(tmp_path, name):
    data, reason, code = NOT_WORKBOOKS[name]
    path = tmp_path / name
    path.write_bytes(data)
    completed = run("validate", path)
    assert completed.returncode == 1
    assert f"不能读取“{name}”：{reason}" in completed.stderr
    assert f"[{code}]" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_validate_renamed_zip_says_archive(tmp_path):
    import zipfile

    path = tmp_path / "收回.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("州林业局.xlsx", b"not inside")
    completed = run("validate", path)
    assert completed.returncode == 1
    assert "这是压缩包，不是 Excel 工作簿" in completed.stderr
    assert "请先解压" in completed.stderr


def test_build_keeps_existing_file(tmp_path, example_path):
    master = tmp_path / "主表.xlsm"
    assert run("build", example_path, "-o", master, "--empty").returncode == 0
    before = master.read_bytes()
    completed = run("build", example_path, "-o", master)
    assert completed.returncode == 1
    assert "--force" in completed.stderr
    assert master.read_bytes() == before


def test_json_output_into_closed_pipe(example_path):
    command = f'"{sys.executable}" -m ecomonitor import "{example_path}" -o - | head -1'
    completed = subprocess.run(command, shell=True, capture_output=True, text=True, encoding="utf-8", timeout=600)
    assert completed.stdout.strip() == "{"
    assert "BrokenPipe" not in completed.stderr
    assert "错误" not in completed.stderr


def test_output_folder_that_is_a_file(example_master, tmp_path):
    taken = tmp_path / "下发"
    taken.write_text("不是文件夹", "utf-8")
    completed = run("split", example_master, "-o", taken)
    assert completed.returncode == 1
    assert f"“{taken}”已存在，而且不是文件夹" in completed.stderr
    assert "意外错误" not in completed.stderr
    assert taken.read_text("utf-8") == "不是文件夹"


@pytest.mark.parametrize("arguments, message", [
    (["pdf", "主表.xlsm", "--timeout", "0"], "秒数“0”无效"),
    (["pdf", "主表.xlsm", "--timeout", "nan"], "秒数“nan”无效"),
    (["bulletin", "主表.xlsm", "-o", "通报.docx", "--issuer", " "], "不能为空"),
    (["bulletin", "主表.xlsm", "-o", "通报.docx", "--recipients", ""], "不能为空"),
])
def test_argument_values_checked(arguments, message, tmp_path):
    completed = run(*arguments, cwd=tmp_path)
    assert completed.returncode == 2
    assert message in completed.stderr


def test_validate_with_missing_master_argument(example_master, tmp_path):
    completed = run("validate", example_master, "--master", tmp_path / "没有.xlsm", "--no-write")
    assert completed.returncode == 1
    assert "找不到 --master 指定的主表" in completed.stderr


def test_demo_refuses_a_folder_with_files(tmp_path):
    folder = tmp_path / "演示"
    folder.mkdir()
    (folder / "framework.json").write_text("{}", "utf-8")
    completed = run("demo", folder)
    assert completed.returncode == 1
    assert "已有文件" in completed.stderr
    assert "--force" in completed.stderr
    assert (folder / "framework.json").read_text("utf-8") == "{}"


def returned(empty_master, filled_copy, tmp_path):
    """Return a fresh master and an inbox holding 州水利局's filled copy."""
    master = tmp_path / "主表.xlsm"
    master.write_bytes(empty_master.read_bytes())
    inbox = tmp_path / "收回"
    inbox.mkdir()
    (inbox / "州水利局.xlsx").write_bytes(filled_copy.read_bytes())
    return master, inbox


def test_consolidate_summary_quiet(empty_master, filled_copy, tmp_path):
    master, inbox = returned(empty_master, filled_copy, tmp_path)
    completed = run("consolidate", master, inbox, "--summary", "--quiet")
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == ""
    assert completed.stderr == ""  # no progress bar: stderr is a pipe, not a terminal
    sheets = load_workbook(master, read_only=True).sheetnames
    for name in ("报送情况", "汇总", "单位汇总", "滞后清单", "图表"):
        assert name in sheets


def test_quiet_consolidate_prints_errors(empty_master, filled_copy, tmp_path):
    master, inbox = returned(empty_master, filled_copy, tmp_path)
    (inbox / "说明.xlsx").write_text("这不是表格", "utf-8")
    completed = run("consolidate", master, inbox, "--quiet")
    assert completed.returncode == 1
    assert completed.stdout == ""
    assert "说明.xlsx" in completed.stderr
    assert "错误" in completed.stderr
    assert "州水利局.xlsx" not in completed.stderr  # taken without errors: not printed


def test_consolidate_summary_says_done(empty_master, filled_copy, tmp_path):
    master, inbox = returned(empty_master, filled_copy, tmp_path)
    completed = run("consolidate", master, inbox, "--summary", "--workers", "2")
    assert completed.returncode == 0, completed.stderr
    assert "已生成汇总表" in completed.stdout
    assert "ecomonitor summary" not in completed.stdout


def test_workers_must_be_positive(tmp_path):
    completed = run("consolidate", tmp_path / "主表.xlsm", tmp_path, "--workers", "0")
    assert completed.returncode == 2
    assert "“0”不是正整数" in completed.stderr


def test_bench_rejects_odd_size():
    completed = run("bench", "--sizes", "20")
    assert completed.returncode == 1
    assert "份数 20 无效" in completed.stderr
