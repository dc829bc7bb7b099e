"""HMAC signatures of department-copy metadata.

The key is created with the master and stored only there, so a copy for
another department or period cannot be made without the master. The
signature covers the canonical JSON form of the metadata (sorted keys, no
white space, UTF-8), without the signature field itself.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets

SIGNATURE_FIELD = "signature"


def new_key() -> str:
    return secrets.token_hex(32)


def canonical_json(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sign(document: dict, key: str) -> str:
    payload = {name: value for name, value in document.items() if name != SIGNATURE_FIELD}
    return hmac.new(bytes.fromhex(key), canonical_json(payload), hashlib.sha256).hexdigest()


def verify(document: dict, key: str) -> bool:
    signature = document.get(SIGNATURE_FIELD)
    if not isinstance(signature, str):
        return False
    return hmac.compare_digest(signature, sign(document, key))


def fingerprint(rows: list[list[str]]) -> str:
    """Return a SHA-256 over fixed texts (ID, indicator, target per row)."""
    return hashlib.sha256(canonical_json({"rows": rows})).hexdigest()
