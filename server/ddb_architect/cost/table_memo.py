"""What is worked out about one table, kept with the table model: its analysis, its
pattern loads and its bill under each price book and scenario.

A table is priced as declared and under the alternatives of DDB401 and DDB402 by the
check, and again by the hovers of the same document version; all of it depends only on the
table and the price book (never on the other tables: the free tier is taken off the whole
design afterwards), so each is computed once per table model. The language server's loader
keeps a table's model across versions of a document while the table's text is unchanged
(``spec.loader.TableReuse``), and with it this work.
"""

from __future__ import annotations

from typing import Any

from ddb_architect.cost.bill import Scenario, TableCost
from ddb_architect.cost.patterns import PatternLoads
from ddb_architect.cost.prices import PriceBook
from ddb_architect.cost.table_costing import TableCosting
from ddb_architect.spec.analysis import TableAnalysis
from ddb_architect.spec.model import Design, Table


def book_key(book: PriceBook) -> tuple[Any, ...]:
    """What a table's bill depends on in a price book (its prices come from the Region's
    table, which is loaded once)."""
    return (book.region, tuple(sorted(book.overrides.items())), book.free_tier)


def table_analysis(design: Design, table: Table) -> tuple[TableAnalysis, PatternLoads]:
    """The table's analysis and its patterns' loads, made once per table model (neither
    reads the rest of the design)."""
    memo = table.memo
    found: tuple[TableAnalysis, PatternLoads] | None = memo.get("analysis")
    if found is None:
        analysis = TableAnalysis(table)
        found = memo["analysis"] = (analysis, PatternLoads(analysis))
    return found


def priced_table(design: Design, table: Table, book: PriceBook, scenario: Scenario) -> TableCost:
    """The table's bill under ``scenario`` with ``book``'s prices, computed once per table
    model, book and scenario. A bill is read, never changed, by whoever asks for it."""
    memo = table.memo
    key = ("cost", book_key(book), scenario)
    cost: TableCost | None = memo.get(key)
    if cost is None:
        analysis, loads = table_analysis(design, table)
        cost = memo[key] = TableCosting(analysis, loads, book, scenario).compute()
    return cost
