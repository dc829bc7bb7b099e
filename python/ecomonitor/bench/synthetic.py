"""A framework of K units, each a renamed copy of the example table.

A prefecture returns one copy per department (16 for the example), a
province hundreds to thousands. Unit ``u`` repeats every category's
indicators and tasks of the example with its departments renamed, so K
units give 16·K departments and copies and 104·K tasks. Indicators of unit
``u`` follow those of unit ``u - 1`` in each category, which needs
three-digit indicator numbers from eight units on (the example has at most
five indicators in a category).
"""

from __future__ import annotations

import copy

from ecomonitor.core.ids import indicator_id, task_id
from ecomonitor.core.model import Department, Framework, Indicator, Task

DEPARTMENTS_PER_UNIT = 16


def unit_name(unit: int) -> str:
    return f"第{unit + 1:03d}组"


def department_name(unit: int, name: str) -> str:
    return f"{unit_name(unit)}{name}"


def unit_of(department: str) -> int:
    """Return the unit of a department named by ``department_name``."""
    return int(department[1:4]) - 1


def synthetic_framework(example: Framework, units: int) -> Framework:
    """Return ``units`` renamed copies of ``example`` in one framework; entries stay as in the example."""
    result = Framework(example.title, example.period, copy.deepcopy(example.categories), [], [], [])
    for unit in range(units):
        renamed_indicators = _add_indicators(result, example, unit)
        renamed_tasks = {old.id: task_id(renamed_indicators[old.indicator_id], _order(old.id))
                         for old in example.tasks}
        for old in example.tasks:
            result.tasks.append(_renamed_task(old, unit, renamed_indicators, renamed_tasks))
        for department in example.departments:
            result.departments.append(Department(department_name(unit, department.name)))
    result.tasks.sort(key=lambda task: (task.category, _indicator_number(task.indicator_id), _order(task.id)))
    result.indicators.sort(key=lambda indicator: (indicator.category, _indicator_number(indicator.id)))
    return result


def _add_indicators(result: Framework, example: Framework, unit: int) -> dict[str, str]:
    """Append the unit's indicators and return the map from example IDs to the new ones."""
    renamed = {}
    for category in example.categories:
        own = [indicator for indicator in example.indicators if indicator.category == category.number]
        for position, indicator in enumerate(own):
            new_id = indicator_id(category.number, unit * len(own) + position + 1)
            renamed[indicator.id] = new_id
            result.indicators.append(Indicator(new_id, category.number, indicator.text))
    return renamed


def _renamed_task(old: Task, unit: int, indicators: dict[str, str], tasks: dict[str, str]) -> Task:
    departments = [department_name(unit, name) for name in old.lead_departments]
    return Task(
        id=tasks[old.id],
        category=old.category,
        indicator_id=indicators[old.indicator_id],
        lead_units="、".join(departments),
        lead_departments=departments,
        owners=[department_name(unit, name) for name in old.owners],
        target=old.target,
        progress=old.progress,
        rate=old.rate,
        rate_text=old.rate_text,
        source=old.source,
        link=tasks.get(old.link, ""),
    )


def _order(task_identifier: str) -> int:
    return int(task_identifier.rsplit("-", 1)[1])


def _indicator_number(identifier: str) -> int:
    return int(identifier.split("-")[1])
