-- ddb-architect language server for Neovim 0.11+ (`vim.lsp.config` / `vim.lsp.enable`).
--
-- Design specs (`*.ddb.yaml`, filetype `yaml.dynamodb`, see ftdetect/) get the design's
-- red flags, cost hovers, completion and quick fixes; Python files get the boto3 checks,
-- hovers and completion against the specs beside them.
--
-- Enable it with:
--
--   vim.lsp.enable("ddb_architect")
--
-- and change what you need with `vim.lsp.config`, which is laid over this file:
--
--   vim.lsp.config("ddb_architect", {
--     -- The server from a particular virtual environment (no `ddb-architect` on PATH):
--     cmd = { "/path/to/venv/bin/python", "-m", "ddb_architect", "serve" },
--     settings = { ["ddb-architect"] = { ignore = { "DDB4" }, region = "eu-west-1" } },
--   })
--
-- The server reads its settings with `workspace/configuration` (section "ddb-architect"),
-- which Neovim answers from `settings` below; the project's `pyproject.toml`
-- ([tool.ddb-architect]) applies under them.

---@type vim.lsp.Config
return {
  -- `pip install ddb-architect` puts `ddb-architect` on PATH (in the active venv).
  cmd = { "ddb-architect", "serve" },
  filetypes = { "yaml.dynamodb", "python" },
  -- The project root: where pyproject.toml ([tool.ddb-architect]) lives, else the repository.
  root_markers = { "pyproject.toml", "setup.cfg", ".git" },
  settings = {
    ["ddb-architect"] = {
      -- Rule codes or prefixes to run, e.g. { "DDB1", "DDB601" } (empty: the project's
      -- `select`, else every rule).
      select = {},
      -- Rule codes or prefixes to leave out, added to the project's `ignore`.
      ignore = {},
      -- Rule code -> "error" | "warning" | "info", over the project's.
      severity = vim.empty_dict(),
      -- Spec files (paths or globs) Python code is checked against; empty: the project's
      -- `spec`, else the *.ddb.yaml files beside the code and in its parent folders.
      spec = {},
      -- Extra milliseconds to wait after an edit before checking the document again (0:
      -- none; at most one check of a document runs at a time, the newest version next).
      debounceMs = 0,
      -- Price hovers and the cost report in this AWS Region instead of each spec's own
      -- `region` (e.g. "eu-west-1"); unset by default.
      -- region = nil,
      -- Where rule pages are published (diagnostic links become <docsBaseUrl>/<CODE>.md);
      -- unset: the pages installed with the server.
      -- docsBaseUrl = nil,
    },
  },
}
