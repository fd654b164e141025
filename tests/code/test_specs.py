"""Which specs a Python file is checked against (configured paths and globs, else the
``*.ddb.yaml`` beside it and in its parents up to the project root), and which spec table a
table name in code means (the spec name, ``code: {names, table_name_env}``, the
configuration's ``table-names``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ddb_architect.code.objects import TableRef
from ddb_architect.code.specs import SpecSet, discover_specs, load_specs, project_root
from ddb_architect.config import parse_config
from tests.code.drift_helpers import SHOP, spec_document, spec_set

MINIMAL = "version: 1\ntables:\n  {table}:\n    key: {{partition: id}}\n"


def write(path: Path, text: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project: ``pyproject.toml`` at its root, a spec at the root, one in ``service/``
    and one in ``service/handlers/`` beside the code, one in an unrelated folder, and one
    above the project root."""
    root = tmp_path / "repo"
    write(root / "pyproject.toml", "[project]\nname = 'x'\n")
    write(root / "root.ddb.yaml", MINIMAL.format(table="Root"))
    write(root / "service" / "orders.ddb.yml", MINIMAL.format(table="Orders"))
    write(root / "service" / "handlers" / "sessions.ddb.yaml", MINIMAL.format(table="Sessions"))
    write(root / "service" / "handlers" / "app.py", "")
    write(root / "other" / "other.ddb.yaml", MINIMAL.format(table="Other"))
    write(tmp_path / "outside.ddb.yaml", MINIMAL.format(table="Outside"))
    return root


# --------------------------------------------------------------------------- discovery


def test_specs_beside_the_file_and_in_its_parents_up_to_the_project_root(project: Path) -> None:
    found = discover_specs(project / "service" / "handlers" / "app.py")
    assert found == [
        (project / "service" / "handlers" / "sessions.ddb.yaml").resolve(),
        (project / "service" / "orders.ddb.yml").resolve(),
        (project / "root.ddb.yaml").resolve(),
    ]


def test_a_git_folder_marks_the_project_root_too(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    write(root / "a.ddb.yaml", MINIMAL.format(table="A"))
    write(tmp_path / "above.ddb.yaml", MINIMAL.format(table="Above"))
    write(root / "pkg" / "app.py")
    assert project_root(root / "pkg" / "app.py") == root
    assert discover_specs(root / "pkg" / "app.py") == [(root / "a.ddb.yaml").resolve()]


def test_without_a_project_root_only_the_files_own_folder_is_searched(tmp_path: Path) -> None:
    folder = tmp_path / "loose" / "pkg"
    write(folder / "app.py")
    write(folder / "here.ddb.yaml", MINIMAL.format(table="Here"))
    write(tmp_path / "loose" / "parent.ddb.yaml", MINIMAL.format(table="Parent"))
    if project_root(folder) is not None:
        pytest.skip("the temporary folder sits inside a project")
    assert discover_specs(folder / "app.py") == [(folder / "here.ddb.yaml").resolve()]


def test_no_specs_anywhere(tmp_path: Path) -> None:
    write(tmp_path / "repo" / "pyproject.toml")
    write(tmp_path / "repo" / "app.py")
    assert discover_specs(tmp_path / "repo" / "app.py") == []


def test_configured_globs_are_relative_to_the_project_root(project: Path) -> None:
    app = project / "service" / "handlers" / "app.py"
    assert discover_specs(app, ["other/*.ddb.yaml"]) == [(project / "other" / "other.ddb.yaml").resolve()]
    assert discover_specs(app, ["**/*.ddb.yaml"]) == [
        (project / "other" / "other.ddb.yaml").resolve(),
        (project / "root.ddb.yaml").resolve(),
        (project / "service" / "handlers" / "sessions.ddb.yaml").resolve(),
    ]


def test_configured_paths_replace_discovery_and_are_kept_in_order_once(project: Path) -> None:
    app = project / "service" / "handlers" / "app.py"
    found = discover_specs(app, ["root.ddb.yaml", "other/other.ddb.yaml", "./root.ddb.yaml"])
    assert found == [(project / "root.ddb.yaml").resolve(), (project / "other" / "other.ddb.yaml").resolve()]


def test_configured_paths_relative_to_a_given_base_or_absolute(project: Path, tmp_path: Path) -> None:
    app = project / "service" / "handlers" / "app.py"
    assert discover_specs(app, ["orders.ddb.yml"], base=project / "service") == [
        (project / "service" / "orders.ddb.yml").resolve()
    ]
    outside = str(tmp_path / "outside.ddb.yaml")
    assert discover_specs(app, [outside]) == [(tmp_path / "outside.ddb.yaml").resolve()]


def test_a_configured_directory_stands_for_the_specs_under_it(project: Path) -> None:
    """As on the command line: ``spec = ["service"]`` means the specs under service/,
    hidden folders and virtual environments left out."""
    write(project / "service" / ".cache" / "stale.ddb.yaml", MINIMAL.format(table="Stale"))
    write(project / "service" / ".venv" / "lib" / "vendored.ddb.yaml", MINIMAL.format(table="Vendored"))
    write(project / "service" / "notes.yaml", "")
    app = project / "service" / "handlers" / "app.py"
    assert discover_specs(app, ["service"]) == [
        (project / "service" / "orders.ddb.yml").resolve(),
        (project / "service" / "handlers" / "sessions.ddb.yaml").resolve(),
    ]


def test_a_configured_path_that_matches_nothing_is_left_out(project: Path) -> None:
    app = project / "service" / "handlers" / "app.py"
    assert discover_specs(app, ["missing.ddb.yaml", "nowhere/*.ddb.yaml"]) == []


# --------------------------------------------------------------------------- loading


def test_load_specs_reads_each_file_and_keeps_the_configured_names(project: Path) -> None:
    paths = discover_specs(project / "service" / "handlers" / "app.py")
    specs = load_specs(paths, table_names={"SESSIONS": "Sessions"})
    assert specs.known
    assert specs.table_names_known() == ["Sessions", "Orders", "Root"]
    assert [d.path for d in specs.documents] == [str(p) for p in paths]
    assert specs.table_names == {"SESSIONS": "Sessions"}


def test_load_specs_takes_unsaved_text_from_the_editor_and_skips_unreadable_files(tmp_path: Path) -> None:
    unsaved = {tmp_path / "a.ddb.yaml": MINIMAL.format(table="Edited")}
    specs = load_specs([tmp_path / "a.ddb.yaml", tmp_path / "gone.ddb.yaml"], read=unsaved.get)
    assert [d.path for d in specs.documents] == [str(tmp_path / "a.ddb.yaml")]
    assert specs.table_names_known() == ["Edited"]


def test_a_spec_that_does_not_load_is_not_known(tmp_path: Path) -> None:
    broken = write(tmp_path / "broken.ddb.yaml", "tables: [\n")
    specs = load_specs([broken])
    assert len(specs.documents) == 1
    assert not specs.known
    assert specs.table_names_known() == []
    assert not SpecSet().known


def test_configuration_table_names_reach_the_spec_set() -> None:
    config = parse_config({"table-names": {"ORDERS_TABLE": "Orders", "orders-dev": "Orders"}})
    assert config.table_names == {"ORDERS_TABLE": "Orders", "orders-dev": "Orders"}
    specs = load_specs([], table_names=config.table_names)
    assert specs.table_names == {"ORDERS_TABLE": "Orders", "orders-dev": "Orders"}


# --------------------------------------------------------------------------- table names


def found(specs: SpecSet, ref: TableRef | None) -> str | None:
    table = specs.find(ref)
    return table.table.name if table is not None else None


@pytest.mark.parametrize(
    ("ref", "table"),
    [
        (TableRef(name="Shop"), "Shop"),
        (TableRef(name="Sessions"), "Sessions"),
        (TableRef(name="shop-prod"), "Shop"),
        (TableRef(name="shop-dev"), "Shop"),
        (TableRef(env="SHOP_TABLE"), "Shop"),
        (TableRef(env="SESSIONS_TABLE"), "Sessions"),
        (TableRef(env="LEGACY_SESSIONS_TABLE"), "Sessions"),
        (TableRef(name="shop"), None),
        (TableRef(name="SHOP_TABLE"), None),
        (TableRef(env="Shop"), None),
        (TableRef(env="OTHER_TABLE"), None),
        (TableRef(), None),
        (None, None),
    ],
    ids=lambda value: value.label if isinstance(value, TableRef) else str(value),
)
def test_which_spec_table_a_name_in_code_means(ref: TableRef | None, table: str | None) -> None:
    """A spec name or one of ``code: names`` as a literal; an environment variable of
    ``code: table_name_env``. Names are compared exactly; an environment variable is never
    taken for a table name."""
    assert found(spec_set(), ref) == table


@pytest.mark.parametrize(
    ("ref", "table"),
    [
        (TableRef(env="ORDERS_TABLE"), "Shop"),
        (TableRef(name="orders-staging"), "Shop"),
        (TableRef(env="SESSIONS"), "Sessions"),
        (TableRef(name="Shop"), "Shop"),
        (TableRef(env="UNMAPPED"), None),
    ],
    ids=lambda value: value.label if isinstance(value, TableRef) else str(value),
)
def test_configured_table_names_map_environment_variables_and_literals(
    ref: TableRef, table: str | None
) -> None:
    specs = spec_set(SHOP, {"ORDERS_TABLE": "Shop", "orders-staging": "Shop", "SESSIONS": "Sessions"})
    assert found(specs, ref) == table


def test_a_name_mapped_to_a_table_no_spec_declares_is_not_found() -> None:
    assert found(spec_set(SHOP, {"orders-dev": "Orders"}), TableRef(name="orders-dev")) is None


def test_the_configuration_overrides_what_a_spec_says_a_name_means() -> None:
    """Shop declares SHOP_TABLE, but the project maps it to Sessions: the project wins,
    whichever table comes first."""
    specs = spec_set(SHOP, {"SHOP_TABLE": "Sessions", "shop-prod": "Sessions"})
    assert found(specs, TableRef(env="SHOP_TABLE")) == "Sessions"
    assert found(specs, TableRef(name="shop-prod")) == "Sessions"
    assert found(specs, TableRef(name="shop-dev")) == "Shop"


def test_a_spec_name_comes_before_another_tables_code_names() -> None:
    spec = SHOP.replace("names: [shop-prod, shop-dev]", "names: [Sessions]")
    assert found(spec_set(spec), TableRef(name="Sessions")) == "Sessions"


def test_is_declared_judges_literal_names_only_and_only_with_specs() -> None:
    specs = spec_set()
    assert specs.is_declared(TableRef(name="Shop")) is True
    assert specs.is_declared(TableRef(name="Customers")) is False
    assert specs.is_declared(TableRef(env="SHOP_TABLE")) is None
    assert SpecSet().is_declared(TableRef(name="Shop")) is None


def test_tables_of_several_specs() -> None:
    second = spec_document(MINIMAL.format(table="Audit"), "audit.ddb.yaml")
    specs = SpecSet([spec_document(), second])
    assert specs.table_names_known() == ["Shop", "Sessions", "Audit"]
    table = specs.find(TableRef(name="Audit"))
    assert table is not None
    assert table.document is second
    assert table.design is second.design
