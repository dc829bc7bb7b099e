"""Completion rates computed from the figures of target and progress texts."""

from __future__ import annotations

import pytest

from ecomonitor.core.computed import compute_rate

# Tasks of the 2023 Q2 table whose reported rate is the ratio of two of its
# figures (or a reached threshold), with that ratio worked out by hand.
EXAMPLE_RATIOS = [
    ("T01-02-02", 9.12 / 20, "9.12亿元 of 20亿元"),
    ("T03-02-05", (2850 / 4500 + 289 / 460) / 2, "mean of 2850万人次/4500万人次 and 289亿元/460亿元"),
    ("T03-04-01", 6 / 10, "6场 of 10场"),
    ("T04-02-01", 8 / 8, "8家 of 8家"),
    ("T04-02-02", 58 / 210, "58亿元 of 210亿元"),
    ("T04-03-01", 8240.64 / 11428.99, "plan and done in the progress text"),
    ("T05-01-03", 280.78 / 400, "280.78万亩 of 400万亩"),
    ("T05-01-04", 44.13 / 395, "44.13亿元 of 395亿元"),
    ("T05-02-01", 195 / 200, "195个 of 200个"),
    ("T05-03-01", 2700 / 5000, "2700万 of 0.5亿元"),
    ("T05-03-02", 6.58 / 17.49, "6.58亿元 of 17.49亿元"),
    ("T06-01-03", 1.0, "占比66.7% reaches 65%以上"),
    ("T06-02-03", 2 / 4, "2次 of 4次"),
    ("T06-03-01", 22.1 / 43, "22.1公里 of the total 43公里"),
    ("T06-04-01", 2664 / 15485, "2664个 of 15485个"),
    ("T06-04-02", 4809.5 / 6370.01, "plan and done in the progress text"),
    ("T07-01-03", 6.85 / 8.32, "6.85万亩 of 8.32万亩"),
    ("T07-03-01", 9500 / 12000, "9500亩 of 1.2万亩"),
    ("T07-03-03", 80 / 180, "80亿元 of 180亿元"),
    ("T07-03-04", (1.994 + 0.21) / (3.9 + 2.4), "sum of sub-targets"),
    ("T10-02-01", 5.75 / 19, "5.75亿元 of 19亿元"),
    ("T10-03-01", 22 / 55, "22个 of 55个"),
]

# Tasks of the table whose texts do not decide a rate.
EXAMPLE_UNDECIDED = [
    ("T01-01-03", "多年累计"),
    ("T01-01-04", "尚未达到目标 25%"),
    ("T01-01-05", "尚未达到目标 下降2.45%"),
    ("T01-01-06", "方向相反"),
    ("T02-03-04", "不是同一种对象"),
    ("T02-03-05", "同时适用于多项指标"),
    ("T04-03-05", "无法确定"),
    ("T06-01-01", "没有以“个”计的完成量"),
    ("T06-05-03", "仍在进行"),
    ("T06-05-04", "没有以“个”计的完成量"),
    ("T08-01-03", "无法确定"),
    ("T10-04-01", "目标第 2 项没有数字"),
]


def rate(target: str, progress: str, year: int = 2023):
    return compute_rate(target, progress, year)


def test_example_has_eighteen_ratios():
    assert len(EXAMPLE_RATIOS) >= 18


@pytest.mark.parametrize("task_id, ratio, figures", EXAMPLE_RATIOS)
def test_example_ratio_computed(example, task_id, ratio, figures):
    task = example.task(task_id)
    computed = rate(task.target, task.progress)
    assert computed.value is not None, computed.explanation
    assert abs(computed.value - ratio) * 100 <= 0.6, figures
    assert abs(computed.value - task.rate) * 100 <= 0.6, f"reported {task.rate_text}"


def test_example_mismatch_computed(example):
    task = example.task("T06-02-02")
    computed = rate(task.target, task.progress)
    assert computed.value == pytest.approx(1238 / 1500, abs=1e-6)
    assert computed.explanation == "1238人 ÷ 1500名 = 82.5%"
    assert task.rate == 0.78


@pytest.mark.parametrize("task_id, reason", EXAMPLE_UNDECIDED)
def test_example_undecided(example, task_id, reason):
    task = example.task(task_id)
    computed = rate(task.target, task.progress)
    assert computed.value is None
    assert computed.explanation.startswith("未核算：")
    assert reason in computed.explanation


def test_explanation_names_figures_and_units(example):
    task = example.task("T07-03-01")
    assert rate(task.target, task.progress).explanation == "9500亩 ÷ 1.2万亩 = 9500亩 ÷ 12000亩 = 79.2%"
    task = example.task("T05-03-01")
    explanation = rate(task.target, task.progress).explanation
    assert explanation.startswith("2700万 ÷ 0.5亿元 = 2700万元 ÷ 5000万元 = 54.0%")
    assert "8.5亿元 进展写明暂无法统计，未计入" in explanation


def test_unit_conversion_area_families():
    computed = rate("修复矿山面积20公顷", "已修复矿山150亩")
    assert computed.value == pytest.approx(0.5, abs=1e-6)
    assert computed.explanation == "150亩 ÷ 20公顷 = 150亩 ÷ 300亩 = 50.0%"


def test_unit_conversion_money_bare_magnitude():
    assert rate("计划完成投资0.5亿元", "已完成投资2700万").value == pytest.approx(0.54, abs=1e-6)


def test_sub_targets_of_one_unit_summed():
    computed = rate("油茶新造3.9万亩，低改2.4万亩。", "完成新造植苗1.994万亩、低改0.21万亩。")
    assert computed.value == pytest.approx(2.204 / 6.3, abs=1e-6)
    assert "(1.994万亩 + 0.21万亩) ÷ (3.9万亩 + 2.4万亩)" in computed.explanation


def test_sub_targets_of_different_units_mean():
    computed = rate("全年接待游客4500万人次，实现旅游收入460亿元。", "接待游客2850万人次，实现旅游收入289亿元。")
    assert computed.value == pytest.approx((2850 / 4500 + 289 / 460) / 2, abs=1e-6)
    assert "2 项平均" in computed.explanation


def test_threshold_reached_counts_full():
    computed = rate("城镇新建建筑中绿色建筑竣工面积占比在65%以上。", "城镇新建建筑中绿色建筑竣工面积占比为66.7%。")
    assert computed.value == 1.0
    assert "已达到目标 65%" in computed.explanation


def test_threshold_not_reached_not_prorated():
    computed = rate("建成区绿地率提高到34.27%", "建成区绿地率达到32.95%")
    assert computed.value is None
    assert "尚未达到" in computed.explanation


def test_lower_is_better_compares_without_inverting():
    reached = rate("空气质量超标天数比例控制在5%以内", "空气质量超标天数比例为3.2%")
    assert reached.value == 1.0
    assert "5%以内" in reached.explanation
    exceeded = rate("空气质量超标天数比例控制在5%以内", "空气质量超标天数比例为6%")
    assert exceeded.value is None


def test_reduction_targets_compare_like_with_like():
    assert rate("全州单位GDP能耗下降2.45%以上。", "全州单位GDP能耗下降2.5%。").value == 1.0
    short = rate("全州单位GDP能耗下降2.45%以上。", "全州单位GDP能耗下降2.4%。")
    assert short.value is None
    assert "下降2.4%" in short.explanation
    opposite = rate("规模工业万元增加值能耗下降6%。", "规模工业万元增加值能耗同比增长6.2%。")
    assert opposite.value is None
    assert "方向相反" in opposite.explanation
    negative_growth = rate("产值增长12%以上", "产值同比增长-9.8%")
    assert negative_growth.value is None
    assert "方向相反" in negative_growth.explanation


def test_reduction_amount_needs_a_reduction():
    assert rate("2023年减少40台公交燃油车。", "今年已减少公交燃油车30台。").value == pytest.approx(0.75, abs=1e-6)
    remaining = rate("2023年减少40台公交燃油车。", "目前全州公交燃油车48台。")
    assert remaining.value is None
    assert "减少量" in remaining.explanation


def test_baseline_of_past_year_left_out():
    computed = rate("2022年全州公交燃油车88台，2023年减少40台公交燃油车。", "今年已经完成减少公交燃油车40台。")
    assert computed.value == 1.0


def test_plan_stated_in_progress_used():
    computed = rate("全年完成农村供水保障工程投资6000万元以上。",
                    "全州计划总投资6370.01万元，兴建66处工程，已全部开工58处，完成工程投资4809.5万元。")
    assert computed.value == pytest.approx(4809.5 / 6370.01, abs=1e-6)
    assert computed.explanation.startswith("进展写明计划 6370.01万元、完成 4809.5万元")


def test_plan_stated_in_progress_for_target_without_figures():
    computed = rate("完成园区闲置土地处理年度任务。", "土地处置任务11428.99亩。截至6月20日，已处置完成8240.64亩。")
    assert computed.value == pytest.approx(8240.64 / 11428.99, abs=1e-6)


def test_plan_without_task_not_used():
    computed = rate("6月底前完成垃圾焚烧发电项目点火焚烧。", "项目计划完成3.2亿投资，目前已完成2.97亿。")
    assert computed.value is None
    assert "目标中没有可核算的数字" in computed.explanation


def test_planned_figures_are_not_done():
    computed = rate("实施城镇老旧小区改造223个。", "纳入改造计划项目为223个小区，完成投资额24343万元。")
    assert computed.value is None


def test_total_stands_for_its_parts():
    computed = rate("吉首市完成污水管网8公里，其余各县完成5公里（全州共43公里）。", "共完成污水管网新建改造22.1公里。")
    assert computed.value == pytest.approx(22.1 / 43, abs=1e-6)


def test_breakdowns_left_out():
    computed = rate("改厕计划15485个，其中：龙山县3000个、永顺县3808个。", "共完成改厕2664个，其中吉首市388个、泸溪县679个。")
    assert computed.value == pytest.approx(2664 / 15485, abs=1e-6)


def test_uncountable_sub_target_left_out_with_note():
    computed = rate("计划完成投资0.5亿元、实现农业总产值8.5亿元；", "已完成投资2700万，产值暂时无法统计。")
    assert computed.value == pytest.approx(0.54, abs=1e-6)
    assert "8.5亿元 进展写明暂无法统计" in computed.explanation


def test_uncountable_stated_in_its_own_sentence():
    computed = rate("计划完成投资0.5亿元、实现农业总产值8.5亿元；", "已完成投资2700万。主导产业还未进入收获期，产值暂时无法统计。")
    assert computed.value == pytest.approx(0.54, abs=1e-6)
    assert "8.5亿元 进展写明暂无法统计" in computed.explanation


def test_uncountable_statement_must_name_the_measure():
    computed = rate("计划完成投资0.5亿元、实现农业总产值8.5亿元；", "已完成投资2700万。游客人数暂时无法统计。")
    assert computed.value is None
    assert "8.5亿元" in computed.explanation


def test_unmatched_sub_target_undecided():
    computed = rate("引进项目3个，新增规模工业企业2户。", "新签约项目2个，企业正在摸底中。")
    assert computed.value is None
    assert "2户" in computed.explanation


@pytest.mark.parametrize(
    "target, progress, reason",
    [
        ("推进生态产品价值实现机制试点工作。", "已完成3家申报。", "目标中没有可核算的数字"),
        ("培育5家以上企业创建绿色制造体系。", "共4家企业申报绿色工厂；共2家企业申报绿色供应链。", "无法确定"),
        ("2021-2023年重点工程减排量累计不低于429吨。", "已削减809吨。", "多年累计"),
        ("1.争取资金2500万元；\n2.开展各类技术培训。", "已到位资金2107万元。", "目标第 2 项没有数字"),
        ("完成5个特色村寨保护项目建设。", "已完成5个特色村寨主体建设，正在进行验收。", "仍在进行"),
        ("完成72个水源保护区规范化建设。", "72个水源地中，38个未发现问题，余下34个共发现问题41个。", "不是同一种对象"),
        ("建设用地率达到100%、耕地安全利用率均达到100%", "建设用地率为100%，耕地安全利用率为91%", "同时适用于多项指标"),
    ],
)
def test_undecidable_texts(target, progress, reason):
    computed = rate(target, progress)
    assert computed.value is None
    assert reason in computed.explanation


def test_empty_progress_computes_nothing():
    assert rate("完成投资20亿元", "") == compute_rate("完成投资20亿元", "  ", 2023)
    assert rate("完成投资20亿元", "").value is None
    assert rate("完成投资20亿元", "").explanation == ""


def test_over_target_amount_above_full():
    computed = rate("引进项目3个", "新签约项目6个")
    assert computed.value == pytest.approx(2.0, abs=1e-6)
