"""The answers' hash chain (tamper evidence): every accepted answer event is linked to the one before it.

    hash(n) = sha256("<hash(n-1)>|<seq>|<question>|<canonical answer>")

The chain of an attempt starts from `genesis(attempt_id)`, so a chain copied to another attempt does not verify.
The canonical answer is compact JSON of [choices, text]: choices as stored (option ids in ascending order for
choice questions, match keys in the order of the left-hand options for matching ones), text as stored.
"""

import hashlib
import json


def genesis(attempt_id: int) -> str:
    """The hash before an attempt's first answer."""
    return hashlib.sha256(f"congvu-attempt|{attempt_id}".encode()).hexdigest()


def canonical(choices: list, text: str) -> str:
    return json.dumps([choices, text], separators=(",", ":"), ensure_ascii=False)


def link(previous: str, seq: int, question: int, choices: list, text: str) -> str:
    """The hash of one answer event after `previous`."""
    return hashlib.sha256(f"{previous}|{seq}|{question}|{canonical(choices, text)}".encode()).hexdigest()


def head(attempt_id: int, chain_hash: str) -> str:
    """Where an attempt's next answer links to: its last hash, or its genesis before any answer."""
    return chain_hash or genesis(attempt_id)
