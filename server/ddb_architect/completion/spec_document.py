"""What a spec declares around the cursor (its table's key, indexes, entities, their keys
and fields, an access pattern), read leniently from the YAML tree: the unit being typed is
usually too incomplete to load as a model."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ddb_architect.completion.spec_cursor import MARK, Path
from ddb_architect.spec.templates import try_parse
from ddb_architect.spec.yaml_tree import YMapping, YNode, to_python


def as_dict(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return {str(k): v for k, v in value.items() if MARK not in str(k)}
    return {}


def name_list(values: Any) -> list[str]:
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list):
        return []
    return [v for v in values if isinstance(v, str) and v and MARK not in v]


class SpecDocumentView:
    """What the spec declares around the cursor, read leniently from its tree (the unit
    being typed is usually too incomplete to load as a model)."""

    def __init__(self, root: YNode | None, path: Path) -> None:
        self.data = as_dict(to_python(root)) if isinstance(root, YMapping) else {}
        tables = as_dict(self.data.get("tables"))
        self.table_name = (
            path[1] if len(path) > 1 and path[0] == "tables" and isinstance(path[1], str) else None
        )
        self.table = as_dict(tables.get(self.table_name)) if self.table_name else {}

    # ----- the table

    def table_key(self) -> tuple[str | None, str | None]:
        key = as_dict(self.table.get("key"))
        partition, sort = key.get("partition"), key.get("sort")
        return (
            partition if isinstance(partition, str) and MARK not in partition else None,
            sort if isinstance(sort, str) and MARK not in sort else None,
        )

    def indexes(self) -> dict[str, dict[str, Any]]:
        return {name: as_dict(spec) for name, spec in as_dict(self.table.get("indexes")).items()}

    def index_key(self, name: str) -> tuple[list[str], list[str]]:
        key = as_dict(self.indexes().get(name, {}).get("key"))
        return name_list(key.get("partition")), name_list(key.get("sort"))

    def target_key(self, index: str | None) -> list[str]:
        """The key attributes of the table, or of one of its indexes."""
        partition, sort = self.table_key()
        if index is None or index not in self.indexes():
            return [a for a in (partition, sort) if a]
        index_partition, index_sort = self.index_key(index)
        if self.indexes()[index].get("local") is True:
            return [a for a in (partition, *index_sort) if a]
        return [*index_partition, *index_sort]

    def key_attributes(self) -> list[str]:
        """The key attributes of the table and of its indexes, the table's first."""
        partition, sort = self.table_key()
        names = [a for a in (partition, sort) if a]
        for name in self.indexes():
            index_partition, index_sort = self.index_key(name)
            names.extend(index_partition + index_sort)
        return list(dict.fromkeys(names))

    def key_roles(self) -> dict[str, str]:
        """Each key attribute's role: ``partition key of table Orders``."""
        roles: dict[str, str] = {}
        partition, sort = self.table_key()
        table = self.table_name or "the table"
        if partition:
            roles[partition] = f"partition key of table {table}"
        if sort:
            roles[sort] = f"sort key of table {table}"
        for name in self.indexes():
            index_partition, index_sort = self.index_key(name)
            for attr in index_partition:
                roles.setdefault(attr, f"partition key of index {name}")
            for attr in index_sort:
                roles.setdefault(attr, f"sort key of index {name}")
        return roles

    # ----- entities

    def entities(self) -> dict[str, dict[str, Any]]:
        return {name: as_dict(spec) for name, spec in as_dict(self.table.get("entities")).items()}

    def entity_keys(self, name: str) -> dict[str, str]:
        keys = as_dict(self.entities().get(name, {}).get("keys"))
        return {
            attr: str(t)
            for attr, t in keys.items()
            if isinstance(t, (str, int, float)) and not isinstance(t, bool) and MARK not in str(t)
        }

    def entity_fields(self, name: str) -> dict[str, dict[str, Any]]:
        return {f: as_dict(spec) for f, spec in as_dict(self.entities().get(name, {}).get("fields")).items()}

    def template_variables(self, name: str, attributes: Iterable[str] | None = None) -> list[str]:
        """The variables the entity's templates use (of ``attributes`` only, when given)."""
        wanted = set(attributes) if attributes is not None else None
        variables: list[str] = []
        for attr, template in self.entity_keys(name).items():
            if wanted is not None and attr not in wanted:
                continue
            parsed = try_parse(template)
            if parsed is not None:
                variables.extend(v.name for v in parsed.variables)
        return list(dict.fromkeys(variables))

    def all_fields(self, entities: Iterable[str] | None = None) -> dict[str, str]:
        """Field name → the entity that declares it (the first one)."""
        fields: dict[str, str] = {}
        for entity in entities if entities is not None else self.entities():
            for name in self.entity_fields(entity):
                fields.setdefault(name, entity)
        return fields

    # ----- access patterns

    def pattern(self, position: int) -> dict[str, Any]:
        patterns = self.table.get("access_patterns")
        if isinstance(patterns, list) and 0 <= position < len(patterns):
            return as_dict(patterns[position])
        return {}


def field_summary(spec: Mapping[str, Any]) -> str:
    parts = [str(spec[k]) for k in ("type", "format") if isinstance(spec.get(k), str)]
    if spec.get("unique") is True:
        parts.append("unique")
    values = spec.get("values")
    if isinstance(values, list) and values:
        parts.append("one of " + ", ".join(str(v) for v in values[:6]) + (", …" if len(values) > 6 else ""))
    return ", ".join(parts)
