"""Which specs a Python document is checked against in the editor: the editor's ``spec``
setting, else the project's, else the specs beside the code up to the project root; each
spec parsed again only when its text changed."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

from ddb_architect.code.specs import SpecSet
from ddb_architect.config import load_project_config
from ddb_architect.lsp.python_specs import (
    OpenSpec,
    SpecDocuments,
    python_specs,
    python_specs_print,
    spec_documents,
    specs_print,
    text_print,
)
from ddb_architect.lsp.settings import ServerSettings
from ddb_architect.spec.loader import load_spec

SPEC = textwrap.dedent(
    """\
    version: 1
    tables:
      {name}:
        key: {{partition: PK}}
    """
)


def write_spec(path: Path, table: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SPEC.format(name=table), encoding="utf-8")
    return path


def project(tmp_path: Path, config: str = "") -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / "pyproject.toml").write_text(f"[tool.ddb-architect]\n{config}", encoding="utf-8")
    return root


def tables(root: Path, python_file: Path, settings: ServerSettings | None = None) -> list[str]:
    found = python_specs(
        None, str(python_file), settings or ServerSettings(), load_project_config(python_file.parent)
    )
    return found.specs.table_names_known()


def test_specs_beside_the_code_and_up_to_the_project_root(tmp_path: Path) -> None:
    root = project(tmp_path)
    write_spec(root / "shared.ddb.yaml", "Shared")
    write_spec(root / "app" / "orders.ddb.yml", "Orders")
    write_spec(root / "other" / "users.ddb.yaml", "Users")
    write_spec(tmp_path / "outside.ddb.yaml", "Outside")
    code = root / "app" / "service.py"

    found = python_specs(None, str(code), ServerSettings(), load_project_config(code.parent))

    assert found.specs.table_names_known() == ["Orders", "Shared"]
    assert found.origin == f"the *.ddb.yaml files in {root / 'app'} and its parents up to {root}"


def test_the_projects_spec_list_replaces_discovery(tmp_path: Path) -> None:
    root = project(
        tmp_path, 'spec = ["design/*.ddb.yaml"]\n[tool.ddb-architect.table-names]\nORDERS = "Orders"\n'
    )
    write_spec(root / "design" / "orders.ddb.yaml", "Orders")
    write_spec(root / "app" / "beside.ddb.yaml", "Beside")
    code = root / "app" / "service.py"

    found = python_specs(None, str(code), ServerSettings(), load_project_config(code.parent))

    assert found.specs.table_names_known() == ["Orders"]
    assert dict(found.specs.table_names) == {"ORDERS": "Orders"}
    assert "`spec` in" in found.origin
    assert "design/*.ddb.yaml" in found.origin


def test_the_editor_setting_wins_over_the_project(tmp_path: Path) -> None:
    root = project(tmp_path, 'spec = ["design/*.ddb.yaml"]\n')
    write_spec(root / "design" / "orders.ddb.yaml", "Orders")
    write_spec(root / "elsewhere" / "users.ddb.yaml", "Users")
    code = root / "app" / "service.py"

    assert tables(root, code, ServerSettings(spec=["elsewhere/users.ddb.yaml"])) == ["Users"]
    assert tables(root, code, ServerSettings(spec=[str(root / "design" / "*.ddb.yaml")])) == ["Orders"]


def test_a_spec_is_parsed_again_only_when_it_changes(tmp_path: Path) -> None:
    root = project(tmp_path)
    spec = write_spec(root / "orders.ddb.yaml", "Orders")
    code = root / "service.py"
    settings, config = ServerSettings(), load_project_config(root)

    first = python_specs(None, str(code), settings, config).specs.documents[0]
    loads = spec_documents(None).loads
    again = python_specs(None, str(code), settings, config).specs.documents[0]
    assert again is first
    assert spec_documents(None).loads == loads

    write_spec(spec, "Renamed")
    stat = spec.stat()
    os.utime(spec, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    changed = python_specs(None, str(code), settings, config).specs
    assert changed.table_names_known() == ["Renamed"]
    assert spec_documents(None).loads == loads + 1

    spec.unlink()
    assert python_specs(None, str(code), settings, config).specs.documents == []


def test_a_document_without_a_folder_has_no_specs() -> None:
    found = python_specs(None, "Untitled-1", ServerSettings(), load_project_config(Path("/")))

    assert found.specs.documents == []
    assert found.origin == "the document is not saved in a folder"


def test_only_the_specs_used_last_are_kept_loaded_and_the_others_known_by_a_print(tmp_path: Path) -> None:
    root = project(tmp_path)
    specs = [write_spec(root / f"s{number}" / "design.ddb.yaml", f"T{number}") for number in range(5)]
    documents = SpecDocuments(capacity=2)

    loaded = [documents.get(spec, None) for spec in specs]
    assert all(document is not None for document in loaded)
    assert documents.loads == 5
    assert len(documents) == 2  # the other three are no longer held

    # Their prints are known without loading them again, and follow their texts.
    prints = [documents.text_print(spec, None) for spec in specs]
    assert documents.loads == 5
    assert prints == [text_print(str(spec), spec.read_text(encoding="utf-8")) for spec in specs]
    write_spec(specs[0], "Renamed")
    stat = specs[0].stat()
    os.utime(specs[0], ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert documents.text_print(specs[0], None) == text_print(str(specs[0]), specs[0].read_text("utf-8"))
    assert documents.loads == 6
    # An open spec's print is its text's.
    assert documents.text_print(specs[1], OpenSpec(3, "edited")) == (str(specs[1]), 6, hash("edited"))

    # The most recently used stays loaded: asked again, it is not parsed again.
    again = documents.get(specs[0], None)
    assert documents.get(specs[0], None) is again
    assert documents.loads == 6


def test_the_print_of_specs_follows_their_texts_not_their_loading(tmp_path: Path) -> None:
    root = project(tmp_path)
    spec = write_spec(root / "orders.ddb.yaml", "Orders")
    code = root / "service.py"
    settings, config = ServerSettings(), load_project_config(root)
    loaded = python_specs(None, str(code), settings, config).specs
    first = specs_print(loaded)

    reloaded = SpecSet([load_spec(spec.read_text("utf-8"), str(spec.resolve()))])
    assert reloaded.documents[0] is not loaded.documents[0]
    assert specs_print(reloaded) == first
    assert python_specs_print(None, str(code), settings, config) == first
    assert specs_print(SpecSet(list(loaded.documents), {"ORDERS": "Orders"})) != first
    assert specs_print(SpecSet()) != first

    write_spec(spec, "Renamed")
    stat = spec.stat()
    os.utime(spec, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    changed = python_specs_print(None, str(code), settings, config)
    assert changed != first
    assert changed == specs_print(python_specs(None, str(code), settings, config).specs)
