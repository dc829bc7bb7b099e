"""Framework ↔ JSON document (schemas/framework.schema.json), with consistency checks."""

from __future__ import annotations

import json
from pathlib import Path

from ecomonitor.core.model import Category, Department, Framework, Indicator, Task
from ecomonitor.core.period import Period
from ecomonitor.core.schema import check_schema
from ecomonitor.core.sheetnames import sheet_key, sheet_name_problem
from ecomonitor.errors import EcoMonitorError, FrameworkSchemaError

FORMAT = "ecomonitor-framework"
VERSION = 1


def framework_to_dict(framework: Framework) -> dict:
    return {
        "format": FORMAT,
        "version": VERSION,
        "title": framework.title,
        "period": {"year": framework.period.year, "quarter": framework.period.quarter},
        "categories": [
            {"number": c.number, "heading": c.heading, "sheet": c.sheet} for c in framework.categories
        ],
        "indicators": [
            {"id": i.id, "category": i.category, "text": i.text} for i in framework.indicators
        ],
        "tasks": [_task_to_dict(task) for task in framework.tasks],
        "departments": [
            {"name": d.name, "aliases": list(d.aliases), "contact": d.contact, "phone": d.phone}
            for d in framework.departments
        ],
    }


def _task_to_dict(task: Task) -> dict:
    return {
        "id": task.id,
        "category": task.category,
        "indicator_id": task.indicator_id,
        "lead_units": task.lead_units,
        "lead_departments": list(task.lead_departments),
        "owners": list(task.owners),
        "target": task.target,
        "progress": task.progress,
        "rate": task.rate,
        "rate_text": task.rate_text,
        "source": task.source,
        **({"previous_progress": task.previous_progress} if task.previous_progress else {}),
        **({"link": task.link} if task.link else {}),
    }


def framework_from_dict(document: dict, source: str) -> Framework:
    """Build a framework from a document after checking it against the schema."""
    check_schema(document, "framework", source)
    framework = Framework(
        title=document["title"],
        period=Period(document["period"]["year"], document["period"]["quarter"]),
        categories=[Category(**entry) for entry in document["categories"]],
        indicators=[Indicator(**entry) for entry in document["indicators"]],
        tasks=[Task(**entry) for entry in document["tasks"]],
        departments=[Department(**entry) for entry in document["departments"]],
    )
    check_consistency(framework, source)
    return framework


def check_consistency(framework: Framework, source: str) -> None:
    """Check what the schema cannot: unique IDs and references that resolve."""
    problems: list[str] = []
    categories = {category.number for category in framework.categories}
    indicators = {indicator.id: indicator for indicator in framework.indicators}
    departments = set(framework.department_names())
    problems += _duplicates("类别序号", [c.number for c in framework.categories])
    problems += _sheet_name_problems(framework)
    problems += _duplicates("指标编号", [i.id for i in framework.indicators])
    problems += _duplicates("任务编号", [t.id for t in framework.tasks])
    for indicator in framework.indicators:
        if indicator.category not in categories:
            problems.append(f"指标 {indicator.id} 属于不存在的类别 {indicator.category}")
    task_ids = {task.id for task in framework.tasks}
    for task in framework.tasks:
        if task.link and (task.link not in task_ids or task.link == task.id):
            problems.append(f"任务 {task.id} 关联的任务 {task.link} 不存在或是它自己")
        indicator = indicators.get(task.indicator_id)
        if indicator is None:
            problems.append(f"任务 {task.id} 的指标 {task.indicator_id} 不存在")
        elif indicator.category != task.category:
            problems.append(f"任务 {task.id} 的类别 {task.category} 与其指标的类别 {indicator.category} 不同")
        for name in [*task.lead_departments, *task.owners]:
            if name not in departments:
                problems.append(f"任务 {task.id} 的单位“{name}”不在单位名册中")
    if problems:
        listed = "\n".join(f"  - {problem}" for problem in problems)
        raise FrameworkSchemaError(f"“{source}”的内容前后不一致：\n{listed}")


def _sheet_name_problems(framework: Framework) -> list[str]:
    """List category sheet names that Excel rejects, that are reserved, or that clash without regard to case."""
    problems = []
    seen: dict[str, str] = {}
    for category in framework.categories:
        where = f"类别“{category.title}”"
        problem = sheet_name_problem(category.sheet)
        if problem:
            problems.append(f"{where}的{problem}，请在框架文件的 categories 中改用其他名称")
        key = sheet_key(category.sheet)
        if key in seen:
            problems.append(
                f"{where}的工作表名“{category.sheet}”与“{seen[key]}”在 Excel 中是同一个名称（不分大小写），请改用其他名称"
            )
        seen.setdefault(key, category.sheet)
    return problems


def _duplicates(what: str, values: list) -> list[str]:
    seen, repeated = set(), []
    for value in values:
        if value in seen and value not in repeated:
            repeated.append(value)
        seen.add(value)
    return [f"{what}“{value}”重复" for value in repeated]


def save_framework(framework: Framework, path: Path) -> None:
    document = framework_to_dict(framework)
    check_schema(document, "framework", str(path))
    Path(path).write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", "utf-8")


def load_framework(path: Path) -> Framework:
    try:
        document = json.loads(Path(path).read_text("utf-8"))
    except OSError as error:
        raise EcoMonitorError(f"无法读取框架文件“{path}”：{error.strerror}") from error
    except ValueError as error:
        raise FrameworkSchemaError(f"框架文件“{path}”不是有效的 JSON：{error}") from error
    return framework_from_dict(document, str(path))
