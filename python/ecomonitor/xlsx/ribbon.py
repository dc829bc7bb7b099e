"""The ribbon part of a package and its relationship.

Office 2010 and later read ``customUI/customUI14.xml`` (namespace
2009/07/customui) through a relationship of type
``.../2007/relationships/ui/extensibility`` in ``_rels/.rels``. openpyxl
3.1 keeps the part when it saves a workbook loaded with ``keep_vba`` but
writes back only the Office 2007 relationship type
(``.../2006/relationships/ui/extensibility``), so the ribbon disappears
unless the relationship is restored after every save.
"""

from __future__ import annotations

import re
from defusedxml.ElementTree import fromstring

RIBBON_PART = "customUI/customUI14.xml"
RIBBON_NAMESPACE = "http://schemas.microsoft.com/office/2009/07/customui"
RIBBON_RELATIONSHIP = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
ROOT_RELATIONSHIPS_PART = "_rels/.rels"
RELATIONSHIPS_NAMESPACE = "http://schemas.openxmlformats.org/package/2006/relationships"
RIBBON_RELATIONSHIP_ID = "rIdEcoRibbon"

_RELATIONSHIP = f"{{{RELATIONSHIPS_NAMESPACE}}}Relationship"


def ribbon_targets(rels_xml: bytes) -> list[str]:
    """Return the targets of the customUI14 relationships in ``_rels/.rels``."""
    root = fromstring(rels_xml)
    return [
        element.get("Target", "").lstrip("/")
        for element in root.iter(_RELATIONSHIP)
        if element.get("Type") == RIBBON_RELATIONSHIP
    ]


def with_ribbon_relationship(rels_xml: bytes) -> bytes:
    """Return ``_rels/.rels`` with a customUI14 relationship to the ribbon part.

    The text is edited in place rather than re-serialised, so the other
    relationships keep their bytes; a relationship that exists is kept.
    """
    if RIBBON_PART in ribbon_targets(rels_xml):
        return rels_xml
    used = set(re.findall(rb'Id="([^"]+)"', rels_xml))
    identifier = RIBBON_RELATIONSHIP_ID.encode()
    while identifier in used:
        identifier += b"x"
    entry = (b'<Relationship Id="' + identifier + b'" Type="' + RIBBON_RELATIONSHIP.encode()
             + b'" Target="' + RIBBON_PART.encode() + b'"/>')
    closing = rels_xml.rindex(b"</Relationships>")
    return rels_xml[:closing] + entry + rels_xml[closing:]


def ribbon_namespace(ribbon_xml: bytes) -> str:
    """Return the namespace of the ribbon's root element; raises ``ParseError`` when malformed."""
    tag = fromstring(ribbon_xml).tag
    return tag[1:].split("}")[0] if tag.startswith("{") else ""


def callback_names(ribbon_xml: bytes) -> dict[str, set[str]]:
    """Return the VBA callbacks the ribbon names, by attribute (``onAction``, ``getVisible``)."""
    names: dict[str, set[str]] = {}
    for element in fromstring(ribbon_xml).iter():
        for attribute, value in element.attrib.items():
            if attribute.startswith(("on", "get")):
                names.setdefault(attribute, set()).add(value)
    return names

