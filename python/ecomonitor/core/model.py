"""The framework: categories, indicators, tasks and the departments that lead them.

A framework is what the office's yearly monitoring table defines. It is built
by importing the table and is stored in the master workbook afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ecomonitor.core.numerals import to_numeral
from ecomonitor.core.period import Period


@dataclass
class Department:
    """A department of the register; ``aliases`` are other ways it is written."""

    name: str
    aliases: list[str] = field(default_factory=list)
    contact: str = ""
    phone: str = ""


@dataclass
class Category:
    """One of the table's categories, such as 一、打造绿色低碳发展样板指标监测表."""

    number: int
    heading: str
    sheet: str

    @property
    def numeral(self) -> str:
        return to_numeral(self.number)

    @property
    def title(self) -> str:
        return f"{self.numeral}、{self.heading}"


@dataclass
class Indicator:
    """An indicator (指标) of a category; ``text`` is the cell text as written."""

    id: str
    category: int
    text: str


@dataclass
class Task:
    """A yearly target task and its progress in the current period.

    ``lead_units`` is the lead-unit cell as written; ``lead_departments`` are
    the register names it resolves to, in the order written. ``owners`` (责任单位)
    are the departments that report the task, the lead departments unless the
    office assigns it otherwise; the first owner's entry is the one taken.
    ``previous_progress`` is the progress text of the period before, kept in
    the 上期进展 column when a new period starts, and empty when unknown.
    ``link`` (关联任务) names another task whose entry fills this one too,
    for a target that appears in two categories.
    ``others`` is the 其他单位填报 note: the differing entries of the other owners.
    """

    id: str
    category: int
    indicator_id: str
    lead_units: str
    lead_departments: list[str]
    target: str
    progress: str = ""
    rate: float | None = None
    rate_text: str = ""
    owners: list[str] = field(default_factory=list)
    source: str = ""
    previous_progress: str = ""
    link: str = ""
    others: str = ""

    def __post_init__(self):
        if not self.owners:
            self.owners = list(self.lead_departments)


@dataclass
class Framework:
    """Everything a monitoring table defines, plus the progress it reports."""

    title: str
    period: Period
    categories: list[Category]
    indicators: list[Indicator]
    tasks: list[Task]
    departments: list[Department]
    # Positions of IDs in the lists above, rebuilt whenever a lookup finds them out of date.
    _positions: dict[str, dict[str, int]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def category(self, number: int) -> Category:
        for category in self.categories:
            if category.number == number:
                return category
        raise KeyError(f"no category {number}")

    def indicator(self, indicator_id: str) -> Indicator:
        found = _lookup(self.indicators, indicator_id, self._positions.setdefault("indicators", {}))
        if found is None:
            raise KeyError(f"no indicator {indicator_id}")
        return found

    def task(self, task_id: str) -> Task:
        found = self.find_task(task_id)
        if found is None:
            raise KeyError(f"no task {task_id}")
        return found

    def find_task(self, task_id: str) -> Task | None:
        return _lookup(self.tasks, task_id, self._positions.setdefault("tasks", {}))

    def tasks_in(self, category: int) -> list[Task]:
        return [task for task in self.tasks if task.category == category]

    def tasks_owned_by(self, department: str) -> list[Task]:
        return [task for task in self.tasks if department in task.owners]

    def tasks_filled_by_department(self) -> dict[str, list[Task]]:
        """Return ``tasks_filled_by`` of every department at once, in one pass over the tasks."""
        filled: dict[str, list[Task]] = {}
        for task in self.tasks:
            if not task.link:
                for owner in dict.fromkeys(task.owners):
                    filled.setdefault(owner, []).append(task)
        return filled

    def tasks_filled_by(self, department: str) -> list[Task]:
        """Return the tasks a department fills in its copy: its own, except linked ones."""
        return [task for task in self.tasks_owned_by(department) if not task.link]

    def department_names(self) -> list[str]:
        return [department.name for department in self.departments]


def _lookup(items: list, item_id: str, positions: dict[str, int]):
    """Return the first item whose ``id`` is ``item_id``, or None, in constant time.

    ``positions`` maps IDs to list positions. The lists are changed in place
    by some commands, so a position is trusted only when the item there still
    has the ID. Otherwise the map is rebuilt once.
    """
    position = positions.get(item_id)
    if position is not None and position < len(items) and items[position].id == item_id:
        return items[position]
    positions.clear()
    for index, item in enumerate(items):
        positions.setdefault(item.id, index)
    position = positions.get(item_id)
    return None if position is None else items[position]
