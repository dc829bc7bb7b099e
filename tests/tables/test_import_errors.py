"""Bad tables: every problem is reported with its place and the fix."""

from __future__ import annotations

import pytest

from ecomonitor.errors import TableFormatError
from ecomonitor.tables import read_table

HEADER = "\t指标\n\t牵头单位\n\t2023年目标任务\n\t二季度进展\n\t完成率\n"


def write(tmp_path, text: str):
    path = tmp_path / "table.txt"
    path.write_text(text, "utf-8")
    return path


def problems_of(path) -> list[str]:
    with pytest.raises(TableFormatError) as caught:
        read_table(path)
    assert str(path) in str(caught.value)
    return caught.value.problems


def test_unknown_department_named_with_line(tmp_path):
    path = write(tmp_path, "一、打造甲样板指标监测表\n" + HEADER + "\n\t1.指标\n\t州林业局\n州外星局\n\t目标\n\t进展\n\t50%\n")
    [problem] = problems_of(path)
    assert "第8行" in problem
    assert "州外星局" in problem
    assert "--departments" in problem


def test_missing_column_reported(tmp_path):
    header = "\t指标\n\t牵头单位\n\t2023年目标任务\n\t完成率\n"
    path = write(tmp_path, "一、打造甲样板指标监测表\n" + header + "\n\t1.指标\n\t州林业局\n\t目标\n\t50%\n")
    [problem] = problems_of(path)
    assert "X季度进展" in problem


def test_quarters_must_agree(tmp_path):
    other = HEADER.replace("二季度进展", "三季度进展")
    row = "\n\t1.指标\n\t州林业局\n\t目标\n\t进展\n\t50%\n"
    path = write(tmp_path, "一、打造甲样板指标监测表\n" + HEADER + row + "二、打造乙样板指标监测表\n" + other + row)
    problems = problems_of(path)
    assert any("季度不一致" in p for p in problems)


def test_wrong_cell_count(tmp_path):
    path = write(tmp_path, "一、打造甲样板指标监测表\n" + HEADER + "\n\t1.指标\n\t州林业局\n\t目标\n\t50%\n")
    [problem] = problems_of(path)
    assert "4 个单元格" in problem
    assert "表头有 5 个" in problem


def test_first_row_without_indicator(tmp_path):
    path = write(tmp_path, "一、打造甲样板指标监测表\n" + HEADER + "\n\t\n\t州林业局\n\t目标\n\t进展\n\t50%\n")
    [problem] = problems_of(path)
    assert "指标为空" in problem


def test_empty_target(tmp_path):
    path = write(tmp_path, "一、打造甲样板指标监测表\n" + HEADER + "\n\t1.指标\n\t州林业局\n\t\n\t进展\n\t50%\n")
    [problem] = problems_of(path)
    assert "目标任务为空" in problem


def test_categories_out_of_order(tmp_path):
    row = "\n\t1.指标\n\t州林业局\n\t目标\n\t进展\n\t50%\n"
    path = write(tmp_path, "二、打造甲样板指标监测表\n" + HEADER + row)
    problems = problems_of(path)
    assert any("第 1 个类别，序号应为“一”" in p for p in problems)


def test_section_without_header_blames_only_itself(tmp_path):
    row = "\n\t1.指标\n\t州林业局\n\t目标\n\t进展\n\t50%\n"
    text = "一、打造甲样板指标监测表\n\t指标\n\n" + "二、打造乙样板指标监测表\n" + HEADER + row
    problems = problems_of(write(tmp_path, text))
    assert len(problems) == 1
    assert "表头" in problems[0]


def test_no_category_at_all(tmp_path):
    path = write(tmp_path, "只是一段文字\n")
    problems = problems_of(path)
    assert any("没有找到类别标题" in p for p in problems)


def test_unreadable_rate_kept_with_warning(tmp_path):
    path = write(tmp_path, "一、打造甲样板指标监测表\n" + HEADER + "\n\t1.指标\n\t州林业局\n\t目标\n\t进展\n\t待统计\n")
    result = read_table(path)
    task = result.framework.tasks[0]
    assert task.rate is None
    assert task.rate_text == "待统计"
    assert any("待统计" in warning for warning in result.warnings)


def test_all_problems_reported_at_once(tmp_path):
    rows = "\n\t1.指标\n\t州外星局\n\t目标\n\t进展\n\t50%\n\n\t2.指标\n\t州月亮局\n\t目标\n\t进展\n\t50%\n"
    path = write(tmp_path, "一、打造甲样板指标监测表\n" + HEADER + rows)
    assert len(problems_of(path)) == 2


@pytest.mark.parametrize("name, reason", [("table.doc", ".doc"), ("table.pdf", ".pdf")])
def test_unsupported_file_types(tmp_path, name, reason):
    path = tmp_path / name
    path.write_bytes(b"x")
    [problem] = problems_of(path)
    assert ".docx" in problem


def test_missing_file(tmp_path):
    [problem] = problems_of(tmp_path / "none.txt")
    assert "不存在" in problem
