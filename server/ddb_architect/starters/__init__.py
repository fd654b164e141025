"""Starter design specs that ``ddb-architect init`` writes, each a sound design to edit."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class Starter:
    name: str
    description: str

    @property
    def file_name(self) -> str:
        return f"{self.name}.ddb.yaml"

    def text(self) -> str:
        return resources.files(__name__).joinpath(self.file_name).read_text(encoding="utf-8")


STARTERS = {
    starter.name: starter
    for starter in (
        Starter(
            "single-table",
            "a task tracker in one table: projects, tasks and comments, with a global "
            "index for each person's tasks",
        ),
        Starter("simple", "one table per entity: customers and their orders"),
        Starter(
            "time-series",
            "sensor readings in day buckets per sensor, expired by TTL after 90 days",
        ),
    )
}
DEFAULT_STARTER = "single-table"
