"""Numbers with units in target and progress texts."""

from __future__ import annotations

import pytest

from ecomonitor.core.figures import Mode, read_figures
from ecomonitor.core.quantities import find_quantities, format_in_unit, mask_numbering


def found(text: str) -> list[tuple[str, float, str]]:
    return [(q.text, q.value, q.family) for q in find_quantities(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("完成投资9.12亿元", [("9.12亿元", 9.12e8, "money")]),
        ("完成投资5046万元", [("5046万元", 5.046e7, "money")]),
        ("已完成投资2700万，产值暂无法统计", [("2700万", 2.7e7, "money")]),
        ("计划完成3.2亿投资", [("3.2亿", 3.2e8, "money")]),
        ("居民人均可支配收入达16335元", [("16335元", 16335.0, "money")]),
        ("完成中药材建设9500亩", [("9500亩", 9500.0, "area")]),
        ("油茶新造3.9万亩", [("3.9万亩", 39000.0, "area")]),
        ("修复矿山面积263.28公顷", [("263.28公顷", 263.28 * 15, "area")]),
        ("面积132.928万平方米", [("132.928万平方米", 132.928e4 * 0.0015, "area")]),
        ("装配式建筑面积为11.76万㎡", [("11.76万㎡", 11.76e4 * 0.0015, "area")]),
        ("新建改造污水管网22.1公里", [("22.1公里", 22100.0, "length")]),
        ("创建最美生态公路1017.6里", [("1017.6里", 508800.0, "length")]),
        ("减排量429吨", [("429吨", 429.0, "weight")]),
        ("接待游客4500万人次", [("4500万人次", 4.5e7, "visits")]),
        ("培训乡村建设工匠1500名", [("1500名", 1500.0, "persons")]),
        ("培训乡村建设工匠1238人", [("1238人", 1238.0, "persons")]),
        ("改厕2664个", [("2664个", 2664.0, "count:个")]),
        ("新增规模工业企业2户", [("2户", 2.0, "count:户")]),
        ("开展展示展演6场", [("6场", 6.0, "count:场")]),
        ("建成垃圾中转站11座", [("11座", 11.0, "count:座")]),
        ("强制报废船舶2艘", [("2艘", 2.0, "count:艘")]),
        ("总数据量达1700万余条", [("1700万余条", 1.7e7, "count:条")]),
        ("占比45.6％", [("45.6％", 45.6, "percent")]),
        ("５０％", [("５０％", 50.0, "percent")]),
        ("高于各项贷款增速34.82个百分点", [("34.82个百分点", 34.82, "points")]),
        ("同比增长-9.8%", [("-9.8%", -9.8, "percent")]),
    ],
)
def test_units_and_magnitudes(text, expected):
    actual = found(text)
    assert [(t, f) for t, _v, f in actual] == [(t, f) for t, _v, f in expected]
    for (_t, value, _f), (_t2, wanted, _f2) in zip(actual, expected):
        assert value == pytest.approx(wanted)


@pytest.mark.parametrize(
    "text",
    ["2023年", "6月20日", "第10次州委常委会", "12个月", "5A级景区", "1-5月", "国家中小学智慧教育平台2.0",
     "完成了2700万", "G319线", "〔2023〕17号"],
)
def test_not_quantities(text):
    assert find_quantities(text) == []


def test_conversion_within_family_compares():
    [done] = find_quantities("完成9500亩")
    [wanted] = find_quantities("任务1.2万亩")
    assert done.value / wanted.value == pytest.approx(0.79166, abs=1e-4)
    [done] = find_quantities("已完成投资2700万")
    [wanted] = find_quantities("计划完成投资0.5亿元")
    assert done.value / wanted.value == pytest.approx(0.54)


def test_numbering_is_not_a_number():
    assert [q.text for q in find_quantities("1.2023年全州农村户厕改厕计划15485个")] == ["15485个"]
    assert [q.text for q in find_quantities("1.2个县（市）成功创建")] == ["2个"]
    assert [q.text for q in find_quantities("1、12328系统升级\n2.完成3家")] == ["3家"]
    assert mask_numbering("5.2023年，地表水") == "  2023年，地表水"


def test_numbering_keeps_decimals_in_sentences():
    assert [q.text for q in find_quantities("完成1.994万亩。2.97亿元已到位")] == ["1.994万亩", "2.97亿元"]


def test_format_in_unit():
    assert format_in_unit(12000, "亩") == "12000亩"
    assert format_in_unit(12000, "万亩") == "1.2万亩"
    assert format_in_unit(2.7e7, "万") == "2700万"
    assert format_in_unit(2.7e7, "亿元") == "0.27亿元"


def test_figures_marks():
    text = ("我州纳入改造计划项目为223个小区，户数13988户，完成投资额24343万元。"
            "截止6月25日，共完成改厕2664个，其中吉首市388个、泸溪县679个。")
    figures = {f.text: f for f in read_figures(text, 2023)}
    assert figures["223个"].mode is Mode.PLAN
    assert figures["13988户"].mode is Mode.PLAN
    assert figures["24343万元"].mode is Mode.DONE
    assert figures["2664个"].total
    assert figures["388个"].breakdown
    assert not figures["2664个"].breakdown


def test_figures_sum_marks_parts_without_qizhong():
    figures = read_figures("完成6.85万亩。人工造林0.6万亩，封山育林1.35万亩，森林质量精准提升4.9万亩", 2023)
    assert [f.breakdown for f in figures] == [False, True, True, True]


def test_figures_change_baseline_and_levels():
    figures = read_figures("2022年全州公交燃油车88台，2023年减少40台公交燃油车。单位GDP能耗下降2.45%以上，"
                           "人均公园绿地面积达到10.10平方米/人", 2023)
    by_text = {f.text: f for f in figures}
    assert by_text["88台"].baseline
    assert not by_text["40台"].baseline
    assert by_text["2.45%"].change == -1
    assert by_text["2.45%"].level
    assert by_text["10.10平方米"].level
