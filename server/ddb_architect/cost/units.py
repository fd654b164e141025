"""Capacity-unit arithmetic, exactly as DynamoDB meters it.

Every rule here is in ``dynamodb-facts.md`` §1–3 (cited by number):

* a read unit covers 4 KB, rounded up; eventually consistent reads cost half, and
  transactional reads twice (1.2–1.6);
* a write unit covers 1 KB, rounded up; transactional writes cost twice (1.1, 1.4);
* GetItem and BatchGetItem round *per item* (1.6, 1.7); Query sums the sizes of the items
  it reads, then rounds once (1.8); Scan pays for everything it evaluates (1.9), and
  neither a filter nor a projection reduces what is read (1.9, 1.10);
* a read that finds nothing still costs one step (1.11);
* PutItem and UpdateItem pay for the larger of the old and new item (1.12, 1.13);
  BatchWriteItem rounds per item (1.15);
* an index write is sized by the index entry and costs 1 write for a new entry, 2 when the
  index key changes (a delete and a put), 1 when the entry is removed or only projected
  attributes change, 0 when the item is in the index neither before nor after (3.2, 3.3);
* a GSI query reads projected entries, eventually consistent only (3.4, 3.5); an LSI query
  that needs unprojected attributes fetches each whole item from the table, rounded
  per item (3.6);
* stored items carry 100 bytes of overhead, and so do index entries (2.8, 2.9).
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

KB = 1024
READ_UNIT_BYTES = 4 * KB
WRITE_UNIT_BYTES = 1 * KB
PAGE_BYTES = 1024 * KB
MAX_ITEM_BYTES = 400 * KB
ITEM_STORAGE_OVERHEAD = 100
INDEX_ENTRY_OVERHEAD = 100
GLOBAL_TABLE_ITEM_OVERHEAD = 48
PARTITION_READ_UNITS_PER_SECOND = 3000
PARTITION_WRITE_UNITS_PER_SECOND = 1000
NEW_ON_DEMAND_READ_UNITS = 12_000
NEW_ON_DEMAND_WRITE_UNITS = 4_000
ITEM_COLLECTION_LIMIT_BYTES = 10 * 1024**3
TABLE_QUOTA_UNITS = 40_000  # default per-table (and per-GSI) read and write quota (facts 6.3)
BATCH_WRITE_LIMIT = 25
BATCH_GET_LIMIT = 100
TRANSACTION_ITEM_LIMIT = 100
TRANSACTION_BYTES_LIMIT = 4 * 1024 * KB


class Consistency(enum.Enum):
    """How a read is metered: the multiplier per 4 KB read step."""

    EVENTUAL = 0.5
    STRONG = 1.0
    TRANSACTIONAL = 2.0


class IndexWrite(enum.Enum):
    """What a base-table write does to one index entry (facts §3.2), as a write count."""

    ABSENT = "absent"  # the item is in the index neither before nor after
    NEW_ENTRY = "new entry"  # the item enters the index (or is written anew)
    REMOVED = "removed"  # the item leaves the index (a delete)
    PROJECTED_CHANGE = "projected change"  # only projected non-key attributes change
    KEY_CHANGE = "key change"  # the index key changes: delete the old entry, put the new one

    @property
    def writes(self) -> int:
        return {"absent": 0, "key change": 2}.get(self.value, 1)


def read_steps(size_bytes: float) -> int:
    """4 KB read steps for ``size_bytes``, rounded up; at least one (a miss still costs)."""
    return max(1, math.ceil(size_bytes / READ_UNIT_BYTES))


def write_steps(size_bytes: float) -> int:
    """1 KB write steps for ``size_bytes``, rounded up; at least one."""
    return max(1, math.ceil(size_bytes / WRITE_UNIT_BYTES))


def read_units(size_bytes: float, consistency: Consistency = Consistency.EVENTUAL) -> float:
    """Read units to read ``size_bytes`` in one metered read (one item, or one Query page)."""
    return read_steps(size_bytes) * consistency.value


def write_units(size_bytes: float, *, transactional: bool = False) -> int:
    """Write units to write one item of ``size_bytes``."""
    return write_steps(size_bytes) * (2 if transactional else 1)


# --------------------------------------------------------------------------- reads


def get_item(item_bytes: float, consistency: Consistency = Consistency.EVENTUAL) -> float:
    """GetItem: the item rounded up to 4 KB (facts 1.6)."""
    return read_units(item_bytes, consistency)


def batch_get_item(item_sizes: Iterable[float], consistency: Consistency = Consistency.EVENTUAL) -> float:
    """BatchGetItem: each item rounded up to 4 KB, then summed (facts 1.7)."""
    return sum(read_units(size, consistency) for size in item_sizes)


def transact_get_items(item_sizes: Iterable[float]) -> float:
    """TransactGetItems: each item rounded up to 4 KB, two reads per step (facts 1.4)."""
    return sum(read_units(size, Consistency.TRANSACTIONAL) for size in item_sizes)


def query(total_read_bytes: float, consistency: Consistency = Consistency.EVENTUAL) -> float:
    """Query: the sizes of every item read are summed, then rounded up once per 1 MB page
    (facts 1.8, 1.17). ``total_read_bytes`` is what the query *reads*: items dropped by a
    filter count (1.9)."""
    return _paged(total_read_bytes, consistency)


def scan(total_evaluated_bytes: float, consistency: Consistency = Consistency.EVENTUAL) -> float:
    """Scan: everything evaluated, paged by 1 MB, each page rounded up (facts 1.9, 1.17)."""
    return _paged(total_evaluated_bytes, consistency)


def _paged(total_bytes: float, consistency: Consistency) -> float:
    full_pages, rest = divmod(max(total_bytes, 0.0), PAGE_BYTES)
    units = full_pages * (PAGE_BYTES // READ_UNIT_BYTES) * consistency.value
    if rest > 0 or full_pages == 0:
        units += read_units(rest, consistency)
    return units


def gsi_query(entry_sizes: Sequence[float]) -> float:
    """Query on a global index: projected entries summed, rounded once, eventually
    consistent always (facts 3.4, 3.5)."""
    return query(sum(entry_sizes), Consistency.EVENTUAL)


def lsi_query(
    entry_sizes: Sequence[float],
    fetched_item_sizes: Sequence[float] = (),
    consistency: Consistency = Consistency.EVENTUAL,
) -> float:
    """Query on a local index: the projected entries summed and rounded once, plus every
    fetched item rounded up on its own (facts 3.6)."""
    index_part = query(sum(entry_sizes), consistency)
    return index_part + sum(read_units(size, consistency) for size in fetched_item_sizes)


# --------------------------------------------------------------------------- writes


def put_item(new_item_bytes: float, old_item_bytes: float = 0, *, transactional: bool = False) -> int:
    """PutItem: the larger of the replaced and the new item (facts 1.12)."""
    return write_units(max(new_item_bytes, old_item_bytes), transactional=transactional)


def update_item(before_bytes: float, after_bytes: float, *, transactional: bool = False) -> int:
    """UpdateItem: the larger of the item before and after, however little changed (1.13)."""
    return write_units(max(before_bytes, after_bytes), transactional=transactional)


def delete_item(item_bytes: float, *, transactional: bool = False) -> int:
    """DeleteItem: the size of the deleted item (facts 1.14)."""
    return write_units(item_bytes, transactional=transactional)


def batch_write_item(item_sizes: Iterable[float]) -> int:
    """BatchWriteItem: each put or delete rounded up to 1 KB, then summed (facts 1.15)."""
    return sum(write_units(size) for size in item_sizes)


def transact_write_items(item_sizes: Iterable[float]) -> int:
    """TransactWriteItems: each item rounded up to 1 KB, two writes per step (facts 1.4)."""
    return sum(write_units(size, transactional=True) for size in item_sizes)


def index_write_units(entry_bytes: float, case: IndexWrite) -> int:
    """Write units one base-table write costs on one index (facts 3.2, 3.3): the index
    entry rounded up to 1 KB, times the number of index writes of ``case``."""
    if case.writes == 0:
        return 0
    return case.writes * write_units(entry_bytes)


# --------------------------------------------------------------------------- sizes


def item_storage_bytes(item_bytes: float, *, global_table: bool = False) -> float:
    """Bytes billed for storing one item: its size plus 100 bytes (plus 48 in a global
    table) (facts 2.8)."""
    return item_bytes + ITEM_STORAGE_OVERHEAD + (GLOBAL_TABLE_ITEM_OVERHEAD if global_table else 0)


def index_entry_bytes(table_key_bytes: float, index_key_bytes: float, projected_bytes: float) -> float:
    """Size of an index entry without overhead: the table's key, the index key and the
    projected attributes (facts 2.9). This is what index writes are sized by."""
    return table_key_bytes + index_key_bytes + projected_bytes


def index_entry_storage_bytes(
    table_key_bytes: float, index_key_bytes: float, projected_bytes: float
) -> float:
    """Bytes billed for storing one index entry: the entry plus 100 bytes (facts 2.9)."""
    return index_entry_bytes(table_key_bytes, index_key_bytes, projected_bytes) + INDEX_ENTRY_OVERHEAD


def number_bytes(value: int | float | Decimal | str) -> int:
    """Bytes of a Number: 1 byte per 2 significant digits, plus 1 (facts 2.3; leading and
    trailing zeros are not significant)."""
    text = format(Decimal(str(value)).normalize(), "f").lstrip("-").replace(".", "")
    digits = text.strip("0") or "0"
    return math.ceil(len(digits) / 2) + 1


def attribute_value_bytes(value: Any) -> int:
    """Bytes of one attribute value as DynamoDB sizes it (facts 2.2–2.6)."""
    if value is None or isinstance(value, bool):
        return 1
    if isinstance(value, str):
        return len(value.encode("utf-8"))
    if isinstance(value, (bytes, bytearray)):
        return len(value)
    if isinstance(value, (int, float, Decimal)):
        return number_bytes(value)
    if isinstance(value, Mapping):
        return 3 + sum(len(str(k).encode()) + attribute_value_bytes(v) + 1 for k, v in value.items())
    if isinstance(value, (set, frozenset)):
        return sum(attribute_value_bytes(v) for v in value)
    if isinstance(value, (list, tuple)):
        return 3 + sum(attribute_value_bytes(v) + 1 for v in value)
    raise TypeError(f"not a DynamoDB value: {type(value).__name__}")


def item_bytes(item: Mapping[str, Any]) -> int:
    """Size of an item: the UTF-8 bytes of every attribute name plus its value (facts 2.1)."""
    return sum(len(name.encode("utf-8")) + attribute_value_bytes(value) for name, value in item.items())
