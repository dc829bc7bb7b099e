"""Validation rules on plain row records: one failing input and its code per rule."""

from __future__ import annotations

import pytest

from ecomonitor.core.departments import load_register
from ecomonitor.core.findings import Severity
from ecomonitor.core.period import Period
from ecomonitor.core.settings import Settings
from ecomonitor.core.validation import RowRecord, ValidationContext, validate_rows

PERIOD = Period(2023, 2)
REGISTER = load_register()
GOOD = dict(task_id="T01-02-02", category="绿色低碳发展", indicator="加快清洁能源开发利用", lead_units="州发改委",
            target="完成投资20亿元以上。", progress="1-6月，累计完成投资9.12亿元。", rate=0.456)


def record(row: int = 4, **changes) -> RowRecord:
    values = {**GOOD, **changes}
    columns = {"id": "A", "indicator": "B", "lead_units": "C", "owners": "D", "target": "E",
               "progress": "F", "rate": "G", "link": "M"}
    return RowRecord(sheet="绿色低碳发展", row=row, columns=columns, widths={"target": 40, "progress": 50}, **values)


def context(**changes) -> ValidationContext:
    values = dict(file="主表.xlsm", period=PERIOD, settings=Settings(2023, 2), register=REGISTER)
    values.update(changes)
    return ValidationContext(**values)


def codes(records, ctx=None) -> list[str]:
    return [finding.code for finding in validate_rows(records, ctx or context())]


def only(records, code, ctx=None):
    found = [f for f in validate_rows(records, ctx or context()) if f.code == code]
    assert len(found) == 1, codes(records, ctx)
    return found[0]


def test_good_row_has_no_findings():
    assert codes([record()]) == []


@pytest.mark.parametrize(
    "changes, code, severity",
    [
        (dict(progress="", rate=None), "entry-missing", Severity.WARNING),
        (dict(progress=""), "progress-missing", Severity.ERROR),
        (dict(rate=None), "rate-missing", Severity.ERROR),
        (dict(rate="约一半"), "rate-invalid", Severity.ERROR),
        (dict(rate=-0.1), "rate-below-zero", Severity.ERROR),
        (dict(rate=1.2), "rate-above-100-unexplained", Severity.ERROR),
        (dict(rate=1.0, progress="累计完成投资20亿元，正在进行结算。"), "rate-complete-but-ongoing", Severity.WARNING),
        (dict(rate=1.0, progress="累计完成投资20亿元，待省厅审核。"), "rate-complete-but-ongoing", Severity.WARNING),
        (dict(previous_progress="1-6月，累计完成投资9.12亿元。"), "progress-unchanged", Severity.WARNING),
        (dict(rate=0.5, progress="稳步推进能源网络建设。"), "rate-equals-time-progress", Severity.INFO),
        (dict(rate=0.3), "rate-mismatch", Severity.WARNING),
        (dict(progress="1-5月，累计完成投资9.12亿元。"), "figures-outdated", Severity.INFO),
        (dict(task_id=""), "task-id-missing", Severity.ERROR),
        (dict(task_id="T1-2-3"), "task-id-invalid", Severity.ERROR),
        (dict(lead_units="州外星局"), "department-unknown", Severity.ERROR),
        (dict(owners="州发改委、州外星局"), "department-unknown", Severity.ERROR),
        (dict(lead_units=""), "lead-units-missing", Severity.ERROR),
        (dict(link="T09-09-09"), "link-invalid", Severity.ERROR),
        (dict(link="T01-02-02"), "link-invalid", Severity.ERROR),
        (dict(rate="45.6"), "rate-without-percent", Severity.INFO),
        (dict(progress="#REF!"), "cell-error-value", Severity.ERROR),
        (dict(target=" #N/A"), "cell-error-value", Severity.ERROR),
    ],
)
def test_rule_failing_input(changes, code, severity):
    finding = only([record(**changes)], code)
    assert finding.severity is severity
    assert finding.message
    assert finding.sheet == "绿色低碳发展"
    assert finding.row == 4


def test_invalid_rate_names_cell_and_value():
    finding = only([record(rate="五成左右")], "rate-invalid")
    assert finding.cell == "G4"
    assert finding.value == "五成左右"
    assert "G4" in finding.where()
    assert "五成左右" in finding.message


def test_rates_as_written_are_read():
    for written in ("45.6%", "45.6％", "0.456", "45.6", 0.456, 45.6):
        assert "rate-invalid" not in codes([record(rate=written)]), written
    for written in ("已完成", "完成"):
        assert codes([record(rate=written, progress="累计完成投资20亿元。")]) == []


def test_bare_number_text_says_how_it_was_read():
    assert only([record(rate="2")], "rate-without-percent").message.startswith(
        "完成率“2”没有百分号，按 2% 计")
    assert "按 45.6% 计" in only([record(rate="0.456")], "rate-without-percent").message
    assert "rate-without-percent" not in codes([record(rate="45.6%")])
    assert "rate-without-percent" not in codes([record(rate=0.456)])


def test_over_100_explained_accepted():
    assert codes([record(rate=1.2, progress="累计完成投资24亿元，超额完成年度任务。")]) == []


def test_ongoing_words_need_a_verb_sense():
    progress = "累计完成投资20亿元，全年接待游客2850万人次。"
    assert "rate-complete-but-ongoing" not in codes([record(rate=1.0, progress=progress)])


def test_progress_changed_not_flagged():
    assert codes([record(previous_progress="1-3月，累计完成投资4亿元。")]) == []
    assert codes([record(previous_progress="")]) == []


def test_time_progress_rate_with_figures():
    assert "rate-equals-time-progress" not in codes([record(rate=0.5, progress="累计完成投资10亿元。")])


def test_rate_equal_to_deadline_time_progress_flagged():
    row = record(target="6月底前完成项目点火。", progress="项目已点火。", rate=1.0)
    assert "rate-equals-time-progress" in codes([row])


def test_mismatch_names_both_figures():
    finding = only([record(target="培训乡村建设工匠1500名", progress="培训乡村建设工匠1238人", rate=0.78)], "rate-mismatch")
    assert "78%" in finding.message
    assert "82.5%" in finding.message
    assert "1238人 ÷ 1500名" in finding.message
    assert finding.value == "78%"


def test_mismatch_tolerance_from_settings():
    row = record(target="培训乡村建设工匠1500名", progress="培训乡村建设工匠1238人", rate=0.78)
    assert "rate-mismatch" not in codes([row], context(settings=Settings(2023, 2, rate_mismatch_tolerance=5)))


def test_reported_equal_to_ratio_never_flagged():
    for reported in (0.456, 0.46, 0.4560001):
        assert "rate-mismatch" not in codes([record(rate=reported)])


def test_both_complete_not_a_mismatch():
    row = record(target="引进项目3个", progress="新签约项目7个，超额完成。", rate=1.0)
    assert "rate-mismatch" not in codes([row])


def test_outdated_figures_say_how_old():
    finding = only([record(progress="一季度，全州单位GDP能耗下降2.4%。")], "figures-outdated")
    assert "3 个月" in finding.message
    finding = only([record(progress="1一5月，产值7.9亿元。")], "figures-outdated")
    assert "1 个月" in finding.message
    assert finding.value == "1一5月"
    assert "figures-outdated" not in codes([record(progress="截至6月20日，已处置完成8240.64亩。")])
    assert "figures-outdated" not in codes([record(progress="第二季度开展展演6场。")])


def test_formula_in_text_cell():
    finding = only([record(progress="=A1&B1", formulas=frozenset({"progress"}))], "formula-in-text")
    assert finding.cell == "F4"
    assert finding.value == "=A1&B1"


def test_text_too_long_to_print():
    finding = only([record(progress="累计完成投资9.12亿元。" + "工作稳步推进，" * 400)], "text-too-long")
    assert finding.severity is Severity.WARNING
    assert finding.cell == "F4"


def test_duplicate_task_id():
    finding = only([record(row=4), record(row=9)], "task-id-duplicate")
    assert finding.row == 9
    assert "第 4 行" in finding.message


def test_copy_rows_against_its_task_list():
    ctx = context(file="copy.xlsx", listed_tasks=["T01-02-02", "T01-02-03"], department="州发改委")
    found = validate_rows([record(), record(row=5, task_id="T01-02-09")], ctx)
    assert {(f.code, f.task_id) for f in found} == {("task-id-unlisted", "T01-02-09"), ("task-id-missing", "T01-02-03")}


def test_copy_department_unknown():
    ctx = context(file="copy.xlsx", listed_tasks=["T01-02-02"], department="州外星局")
    finding = only([record()], "department-unknown", ctx)
    assert finding.value == "州外星局"


def test_duplicate_target_reported_once():
    first = record(row=6, task_id="T01-01-04", target="4.推进绿色建筑、装配式建筑,被认定星级绿色建筑1个，装配式建筑占比25%。",
                   progress="认定星级绿色建筑0个", rate=0)
    second = record(row=9, task_id="T08-02-01", category="绿色生产生活",
                    target="推进绿色建筑、装配式建筑，被认定星级绿色建筑1个，装配式建筑占比25%。", progress="认定星级绿色建筑0个", rate=0)
    finding = only([first, second], "target-duplicate")
    assert finding.task_id == "T01-01-04"
    assert "T08-02-01" in finding.message
    assert "关联任务" in finding.message
    second.link = "T01-01-04"
    assert "target-duplicate" not in codes([first, second])


def test_link_chain_invalid():
    rows = [record(row=4, task_id="T01-01-01"), record(row=5, task_id="T01-01-02", link="T01-01-01"),
            record(row=6, task_id="T01-01-03", link="T01-01-02")]
    finding = only(rows, "link-invalid")
    assert finding.task_id == "T01-01-03"


def test_every_finding_collected():
    rows = [record(row=4, rate="约一半", progress=""), record(row=5, task_id="", rate=-1),
            record(row=6, task_id="T01-02-03", rate=1.5, lead_units="州外星局")]
    found = codes(rows)
    for code in ("rate-invalid", "progress-missing", "task-id-missing", "rate-below-zero",
                 "rate-above-100-unexplained", "department-unknown"):
        assert code in found


def test_findings_in_row_order():
    rows = [record(row=4, task_id="T01-02-02"), record(row=5, task_id="T01-02-03", rate=None),
            record(row=6, task_id="T01-02-04", rate="x")]
    assert [f.row for f in validate_rows(rows, context())] == [5, 6]


def test_example_table_mismatches(example):
    rows = [record(row=index + 3, task_id=t.id, category=str(t.category), lead_units=t.lead_units,
                   target=t.target, progress=t.progress, rate=t.rate_text)
            for index, t in enumerate(example.tasks)]
    found = validate_rows(rows, context())
    mismatched = sorted(f.task_id for f in found if f.code == "rate-mismatch")
    assert "T06-02-02" in mismatched
    assert mismatched == ["T06-02-02", "T08-04-02"]
    assert not [f for f in found if f.severity is Severity.ERROR]
