-- User commands for the ddb-architect language server (Neovim 0.11+):
--   :DdbCostReport [compare] [formulas] [region=REGION] [months=N]
--       the current spec's monthly cost in a floating window (q closes it)
--   :DdbRuleDoc [CODE]
--       a rule's page: CODE, else the diagnostic under the cursor
-- The server itself is enabled with vim.lsp.enable("ddb_architect") (see lsp/ddb_architect.lua).
if vim.g.loaded_ddb_architect then
  return
end
vim.g.loaded_ddb_architect = true

vim.api.nvim_create_user_command("DdbCostReport", function(opts)
  require("ddb_architect").cost_report(opts.fargs)
end, {
  nargs = "*",
  desc = "ddb-architect: the monthly cost of this design spec",
  complete = function(arglead)
    return require("ddb_architect").complete_cost_options(arglead)
  end,
})

vim.api.nvim_create_user_command("DdbRuleDoc", function(opts)
  require("ddb_architect").rule_doc(opts.args)
end, {
  nargs = "?",
  desc = "ddb-architect: the page of a rule (default: the diagnostic under the cursor)",
  complete = function(arglead)
    return require("ddb_architect").complete_codes(arglead)
  end,
})
