"""Metadata of a department copy (schemas/copy-metadata.schema.json)."""

from __future__ import annotations

from dataclasses import dataclass

from ecomonitor.core.period import Period
from ecomonitor.core.schema import schema_errors
from ecomonitor.core.model import Framework
from ecomonitor.core.signing import fingerprint, sign

COPY_FORMAT = "ecomonitor-department-copy"
COPY_VERSION = 1


@dataclass
class CopyMeta:
    instance_id: str
    department: str
    period: Period
    template_version: int
    tasks: list[str]
    fingerprint: str
    created: str
    signature: str = ""

    def unsigned_document(self) -> dict:
        return {
            "format": COPY_FORMAT,
            "version": COPY_VERSION,
            "instance_id": self.instance_id,
            "department": self.department,
            "year": self.period.year,
            "quarter": self.period.quarter,
            "template_version": self.template_version,
            "tasks": list(self.tasks),
            "fingerprint": self.fingerprint,
            "created": self.created,
        }

    def signed_document(self, key: str) -> dict:
        document = self.unsigned_document()
        document["signature"] = sign(document, key)
        return document


def copy_meta_from_document(document: object) -> tuple[CopyMeta | None, list[str]]:
    """Read metadata, returning (None, schema errors) when it does not match the schema."""
    errors = schema_errors(document, "copy-metadata")
    if errors:
        return None, errors
    meta = CopyMeta(
        instance_id=document["instance_id"],
        department=document["department"],
        period=Period(document["year"], document["quarter"]),
        template_version=document["template_version"],
        tasks=list(document["tasks"]),
        fingerprint=document["fingerprint"],
        created=document["created"],
        signature=document["signature"],
    )
    return meta, []


def fixed_text_fingerprint(framework: Framework, task_ids: list[str]) -> str:
    """Return the fingerprint of the fixed texts (ID, indicator, target) of these tasks."""
    rows = []
    for task_id in task_ids:
        task = framework.find_task(task_id)
        if task is None:
            rows.append([task_id, "", ""])
        else:
            rows.append([task.id, framework.indicator(task.indicator_id).text, task.target])
    return fingerprint(rows)
