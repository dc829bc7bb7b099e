"""Importing the text export of the 2023 Q2 table, rule by rule."""

from __future__ import annotations

import pytest

from ecomonitor.core.period import Period
from ecomonitor.tables import read_table
from ecomonitor.tables.text import parse_text_table

SHEETS = [
    "绿色低碳发展", "生态修复治理", "生态文化旅游", "矿业绿色发展", "绿色食品发展",
    "生态宜居城乡建设", "彩色森林", "绿色生产生活", "智慧城市建设", "绿色示范创建",
]
TASKS_PER_CATEGORY = [14, 12, 11, 9, 8, 16, 8, 10, 10, 6]
INDICATORS_PER_CATEGORY = [4, 3, 4, 3, 3, 5, 3, 4, 3, 4]
DEPARTMENTS = [
    "州发改委", "州生态环境局", "州住建局", "州工信局", "州林业局", "州自然资源和规划局",
    "州文旅广电局", "州水利局", "州应急管理局", "州农业农村局", "州乡村振兴局", "州卫健委",
    "州民宗局", "州交通运输局", "州机关事务管理局", "州大数据中心",
]


def test_example_counts(example):
    assert len(example.categories) == 10
    assert len(example.indicators) == 36
    assert len(example.tasks) == 104
    assert len(example.departments) == 16


def test_example_period_and_title(example):
    assert example.period == Period(2023, 2)
    assert example.title == "湘西州打造全国生态文明样板州监测管理平台"


def test_categories_sheets_and_sizes(example):
    assert [c.sheet for c in example.categories] == SHEETS
    assert [len(example.tasks_in(c.number)) for c in example.categories] == TASKS_PER_CATEGORY
    per_category = [sum(1 for i in example.indicators if i.category == c.number) for c in example.categories]
    assert per_category == INDICATORS_PER_CATEGORY
    assert example.categories[0].title == "一、打造绿色低碳发展样板指标监测表"
    assert example.categories[9].title == "十、打造绿色示范创建样板指标监测表"


def test_departments_in_register_order(example):
    assert example.department_names() == DEPARTMENTS


def test_empty_cells_continue_row_above(example):
    first, second = example.task("T01-01-01"), example.task("T01-01-06")
    assert second.indicator_id == first.indicator_id == "I01-01"
    assert second.lead_units == first.lead_units == "州发改委\n州生态环境局\n州住建局\n州工信局"
    assert example.indicator("I01-01").text == "1.实施碳达峰碳中和行动"


@pytest.mark.parametrize(
    "indicator_id, text, tasks",
    [
        ("I03-02", "2.大力推进全域旅游创建", 5),
        ("I04-03", "3.推进“绿色园区”建设", 5),
        ("I09-01", "1.建设新型智慧基础设施", 5),
    ],
)
def test_indicator_repeated_after_page_break(example, indicator_id, text, tasks):
    assert example.indicator(indicator_id).text == text
    assert [i.text for i in example.indicators].count(text) == 1
    assert len([t for t in example.tasks if t.indicator_id == indicator_id]) == tasks


def test_numbering_kept_as_written(example):
    assert example.task("T01-04-03").target.startswith("3、按时拨付生态补偿资金")
    assert example.task("T06-05-02").target == "2、完成历史文化名村保护规划编制。"
    assert example.task("T09-01-01").target.startswith("1、运行维护好")
    assert example.task("T01-01-02").target.startswith("2.严把“两高”项目")
    assert example.indicator("I10-01").text == "总体目标"


def test_lead_units_split_on_line_breaks(example):
    assert example.task("T06-04-01").lead_departments == ["州乡村振兴局", "州水利局", "州生态环境局", "州卫健委"]


def test_lead_units_split_on_dunhao(example):
    task = example.task("T06-05-01")
    assert task.lead_units == "州住建局（州人防办）、州民宗局、州自然资源和规划局、州文旅广电局"
    assert task.lead_departments == ["州住建局", "州民宗局", "州自然资源和规划局", "州文旅广电局"]


def test_department_aliases_are_one_department(example):
    assert example.task("T06-01-01").lead_units == "州住建局（州人防办）"
    assert example.task("T08-02-01").lead_units == "州住建局\n（州人防办）"
    assert example.task("T01-01-01").lead_departments[2] == "州住建局"
    for task_id in ("T06-01-01", "T08-02-01"):
        assert example.task(task_id).lead_departments == ["州住建局"]


def test_lead_unit_changes_inside_indicator(example):
    tasks = [t for t in example.tasks if t.indicator_id == "I10-01"]
    assert [t.id for t in tasks] == ["T10-01-01", "T10-01-02", "T10-01-03"]
    assert [t.lead_departments for t in tasks] == [["州生态环境局"], ["州生态环境局"], ["州自然资源和规划局"]]


def test_owners_default_to_lead_departments(example):
    for task in example.tasks:
        assert task.owners == task.lead_departments


@pytest.mark.parametrize(
    "task_id, rate",
    [("T01-01-01", 0.5), ("T02-03-04", 0.528), ("T01-02-02", 0.456), ("T07-03-04", 0.3498),
     ("T08-01-03", 0.033), ("T03-01-01", 1.0), ("T05-02-01", 0.975), ("T10-02-01", 0.303)],
)
def test_rates_are_numbers(example, task_id, rate):
    assert example.task(task_id).rate == rate


def test_every_rate_read(example):
    assert all(isinstance(task.rate, float) for task in example.tasks)
    assert example.task("T02-03-04").rate_text == "52.80%"


def test_texts_verbatim(example, example_path):
    source = example_path.read_text("utf-8")
    for task in example.tasks:
        for text in (task.target, task.progress, task.lead_units):
            assert text == text.strip()
            assert text in source, f"{task.id}: text not found verbatim in the source"
    assert example.task("T02-02-02").progress == (
        "1、县域生物多样性调查及数据汇总已完成，7月将开展全州自查自检，9月迎检省检。\n"
        "2、全州多形式开展“世界湿地日”“世界野生动植物日”“爱鸟周”等宣传教育活动，开展了打击走私野生动植物的专项“清风行动”。\n"
        "3、全州3个国家级自然保护区、5个省级自然保护区、5个国家湿地公园、4个国家森林公园和1个省级森林公园均开展了野生动物栖息地保护工作，保护面积208.5万亩。"
    )


def test_every_source_cell_kept(example, example_path):
    """Each tab-started line of a data row starts a field of some task or indicator."""
    fields = set()
    for task in example.tasks:
        fields |= {task.target, task.progress, task.lead_units, task.rate_text}
    fields |= {indicator.text for indicator in example.indicators}
    headers = {"指标", "牵头单位", "2023年目标任务", "二季度进展", "完成率", ""}
    for line in example_path.read_text("utf-8").splitlines():
        if line.startswith("\t") and line.strip() not in headers:
            first_line = line[1:].strip()
            assert any(field.split("\n")[0].strip() == first_line for field in fields), first_line


def test_ids_follow_positions(example):
    assert [t.id for t in example.tasks[:3]] == ["T01-01-01", "T01-01-02", "T01-01-03"]
    assert example.tasks[-1].id == "T10-04-01"
    assert len({t.id for t in example.tasks}) == 104


def test_ids_survive_text_edits(example_path, tmp_path):
    source = example_path.read_text("utf-8")
    edited = source.replace("投资5046万元", "投资5100万元").replace("1-5月，吉首市环境空气质量", "1-6月，吉首市空气质量")
    edited = edited.replace("\t大兴寨水库完成投资19亿元", "\t大兴寨水库完成投资20亿元")
    assert edited != source
    changed = tmp_path / "edited.txt"
    changed.write_text(edited, "utf-8")
    before = read_table(example_path).framework
    after = read_table(changed).framework
    assert [t.id for t in after.tasks] == [t.id for t in before.tasks]
    assert after.task("T10-02-01").target.startswith("大兴寨水库完成投资20亿元")


def test_reimport_gives_same_framework(example_path):
    from ecomonitor.core.serialize import framework_to_dict

    first = framework_to_dict(read_table(example_path).framework)
    second = framework_to_dict(read_table(example_path).framework)
    assert first == second


def test_gb18030_export_reads(example_path, tmp_path):
    copy = tmp_path / "gbk.txt"
    copy.write_bytes(example_path.read_text("utf-8").encode("gb18030"))
    assert len(read_table(copy).framework.tasks) == 104


def test_utf16_export_reads(example_path, tmp_path):
    copy = tmp_path / "utf16.txt"
    copy.write_bytes(example_path.read_text("utf-8").encode("utf-16"))
    assert len(read_table(copy).framework.tasks) == 104


def test_heading_needs_header_row_after_it():
    text = "一、打造甲样板指标监测表\n\t指标\n\t牵头单位\n\t2023年目标任务\n\t二季度进展\n\t完成率\n\n" \
           "\t1.指标一\n\t州林业局\n\t目标\n\t二、这一行只是进展的续行\n\t50%\n"
    raw = parse_text_table(text, "t.txt")
    assert len(raw.sections) == 1
    assert raw.sections[0].rows[0].cells[3] == "二、这一行只是进展的续行"
