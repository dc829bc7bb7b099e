"""Identity of a master workbook: its platform instance, signing key and categories.

Stored in the master's hidden metadata sheet, never in a department copy
(copies carry the instance ID, not the key).
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field

from ecomonitor.core.model import Category
from ecomonitor.core.signing import new_key

TEMPLATE_VERSION = 1
MASTER_FORMAT = "ecomonitor-master"


@dataclass
class MasterMeta:
    instance_id: str
    key: str
    title: str
    categories: list[Category]
    template_version: int = TEMPLATE_VERSION
    example: bool = False
    # The task IDs the category sheets must hold, set when the tasks are
    # written (build, year change); None in masters made before it existed.
    task_ids: list[str] | None = None
    # The periods archived into 历史 (keys such as 2023Q2), so a lost or
    # replaced 历史 sheet is noticed; None in masters made before it existed.
    archived: list[str] | None = None
    extra: dict = field(default_factory=dict)

    def to_document(self) -> dict:
        return {
            "format": MASTER_FORMAT,
            "template_version": self.template_version,
            "instance_id": self.instance_id,
            "key": self.key,
            "title": self.title,
            "example": self.example,
            "categories": [
                {"number": c.number, "heading": c.heading, "sheet": c.sheet} for c in self.categories
            ],
            **({"task_ids": list(self.task_ids)} if self.task_ids is not None else {}),
            **({"archived": list(self.archived)} if self.archived is not None else {}),
            **self.extra,
        }

    @classmethod
    def from_document(cls, document: dict) -> MasterMeta:
        known = {"format", "template_version", "instance_id", "key", "title", "example", "categories", "task_ids", "archived"}
        return cls(
            instance_id=document["instance_id"],
            key=document["key"],
            title=document["title"],
            categories=[Category(**entry) for entry in document["categories"]],
            template_version=document["template_version"],
            example=document.get("example", False),
            task_ids=document.get("task_ids"),
            archived=document.get("archived"),
            extra={name: value for name, value in document.items() if name not in known},
        )


def new_meta(title: str, categories: list[Category]) -> MasterMeta:
    """Create the identity of a new master with a random instance ID and key."""
    return MasterMeta(uuid.uuid4().hex, new_key(), title, list(categories))


def example_meta(title: str, categories: list[Category], seed: str) -> MasterMeta:
    """Create a reproducible identity, derived from ``seed``, for the example master.

    Its key is public (anyone can derive it from the seed), so the metadata is
    marked as an example and the commands that hand out copies warn about it.
    """
    instance = hashlib.sha256(f"instance:{seed}".encode()).hexdigest()[:32]
    key = hashlib.sha256(f"key:{seed}".encode()).hexdigest()
    return MasterMeta(instance, key, title, list(categories), example=True)
