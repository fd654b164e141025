-- ddb-architect in Neovim: the server's commands (cost report, rule pages) shown in a
-- floating window. The user commands in plugin/ddb_architect.lua call these functions.

local M = {}

M.COST_REPORT = "ddb-architect.costReport"
M.RULE_DOCUMENTATION = "ddb-architect.ruleDocumentation"
M.SOURCE = "ddb-architect"

local COST_FLAGS = { "compare", "formulas" }

local function notify(message, level)
  vim.notify("ddb-architect: " .. message, level or vim.log.levels.INFO)
end

--- A running client that offers `command`: one attached to `bufnr` first, else any.
---@param command string
---@param bufnr integer|nil
---@return vim.lsp.Client|nil
function M.client_for(command, bufnr)
  local function offers(client)
    local provider = client.server_capabilities and client.server_capabilities.executeCommandProvider
    return provider ~= nil and vim.tbl_contains(provider.commands or {}, command)
  end
  for _, filter in ipairs({ { bufnr = bufnr }, {} }) do
    for _, client in ipairs(vim.lsp.get_clients(filter)) do
      if offers(client) then
        return client
      end
    end
  end
  return nil
end

--- Show Markdown in a centred floating window; `q` or <Esc> closes it.
---@param markdown string
---@param title string
---@return integer buf, integer win
function M.show(markdown, title)
  local lines = vim.split(markdown, "\n", { plain = true })
  while #lines > 1 and lines[#lines] == "" do
    table.remove(lines)
  end
  local buf = vim.api.nvim_create_buf(false, true)
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  vim.bo[buf].modifiable = false
  vim.bo[buf].bufhidden = "wipe"
  vim.bo[buf].filetype = "markdown"
  -- Headings, emphasis and code in colour, as in LSP hovers (the parser ships with Neovim).
  pcall(vim.treesitter.start, buf, "markdown")
  vim.b[buf].ddb_architect_float = title

  local longest = 0
  for _, line in ipairs(lines) do
    longest = math.max(longest, vim.fn.strdisplaywidth(line))
  end
  local columns, rows = vim.o.columns, vim.o.lines - vim.o.cmdheight - 1
  local width = math.max(math.min(longest, columns - 4), math.min(40, columns - 2))
  local height = math.max(math.min(#lines, rows - 4), 1)
  local win = vim.api.nvim_open_win(buf, true, {
    relative = "editor",
    row = math.max(math.floor((rows - height) / 2) - 1, 0),
    col = math.max(math.floor((columns - width) / 2) - 1, 0),
    width = width,
    height = height,
    style = "minimal",
    border = "rounded",
    title = " " .. title .. " ",
    title_pos = "center",
  })
  -- Wide tables scroll sideways rather than wrap into a jumble.
  vim.wo[win].wrap = false
  vim.wo[win].conceallevel = 2
  vim.wo[win].cursorline = true
  for _, key in ipairs({ "q", "<Esc>" }) do
    vim.keymap.set("n", key, "<cmd>close<cr>", { buffer = buf, nowait = true, desc = "Close" })
  end
  return buf, win
end

--- Run one of the server's commands and show its Markdown answer.
---@param command string
---@param arguments any[]
---@param title string
---@param bufnr integer
local function run(command, arguments, title, bufnr)
  local client = M.client_for(command, bufnr)
  if client == nil then
    notify(
      "no running ddb-architect server offers " .. command .. " (is it enabled? :checkhealth vim.lsp)",
      vim.log.levels.ERROR
    )
    return
  end
  client:request("workspace/executeCommand", { command = command, arguments = arguments }, function(err, result)
    if err ~= nil then
      notify(err.message or vim.inspect(err), vim.log.levels.ERROR)
    elseif type(result) ~= "string" then
      notify(command .. " gave no report", vim.log.levels.WARN)
    else
      M.show(result, title)
    end
  end, bufnr)
end

--- The options of `:DdbCostReport compare formulas region=eu-west-1 months=12`.
---@param words string[]
---@return table|nil options, string|nil problem
function M.cost_options(words)
  local options = {}
  for _, word in ipairs(words) do
    local name, value = word:match("^(%w+)=(.+)$")
    if vim.tbl_contains(COST_FLAGS, word) then
      options[word] = true
    elseif name == "region" then
      options.region = value
    elseif name == "months" then
      local months = tonumber(value)
      if months == nil or months < 1 or months ~= math.floor(months) then
        return nil, "months must be a whole number, 1 or more: " .. word
      end
      options.months = months
    else
      return nil, "unknown option " .. word .. " (compare, formulas, region=REGION, months=N)"
    end
  end
  return options, nil
end

--- `:DdbCostReport`: the current spec's monthly cost, as `ddb-architect cost` prints it,
--- for the text in the buffer (unsaved edits included).
---@param words string[]|nil
---@param bufnr integer|nil
function M.cost_report(words, bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local options, problem = M.cost_options(words or {})
  if options == nil then
    notify(problem, vim.log.levels.ERROR)
    return
  end
  local arguments = { vim.uri_from_bufnr(bufnr) }
  if next(options) ~= nil then
    table.insert(arguments, options)
  end
  local name = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ":t")
  run(M.COST_REPORT, arguments, "Cost: " .. name, bufnr)
end

--- The ddb-architect rule code of the diagnostic under the cursor (else one on its line).
---@param bufnr integer|nil
---@return string|nil
function M.code_under_cursor(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local cursor = vim.api.nvim_win_get_cursor(0)
  local line, col = cursor[1] - 1, cursor[2]
  local on_line
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local code = d.code or vim.tbl_get(d, "user_data", "lsp", "code")
    if code ~= nil and tostring(code):match("^DDB%d+$") then
      local end_lnum, end_col = d.end_lnum or d.lnum, d.end_col or d.col
      local after_start = line > d.lnum or (line == d.lnum and col >= d.col)
      local before_end = line < end_lnum or (line == end_lnum and col <= end_col)
      if after_start and before_end then
        return tostring(code)
      end
      if d.lnum == line and on_line == nil then
        on_line = tostring(code)
      end
    end
  end
  return on_line
end

--- `:DdbRuleDoc [CODE]`: a rule's page, for CODE or the diagnostic under the cursor.
---@param code string|nil
function M.rule_doc(code)
  local bufnr = vim.api.nvim_get_current_buf()
  code = code ~= nil and vim.trim(code) ~= "" and vim.trim(code):upper() or M.code_under_cursor(bufnr)
  if code == nil then
    notify("no ddb-architect diagnostic under the cursor; name a rule: :DdbRuleDoc DDB102", vim.log.levels.WARN)
    return
  end
  run(M.RULE_DOCUMENTATION, { code }, code, bufnr)
end

-- The rule pages beside this plugin in a source checkout (docs/rules/DDB*.md).
local function documented_codes()
  local here = debug.getinfo(1, "S").source:gsub("^@", "")
  local root = vim.fs.dirname(vim.fs.dirname(vim.fs.dirname(vim.fs.dirname(vim.fs.dirname(here)))))
  local codes = {}
  for name, kind in vim.fs.dir(vim.fs.joinpath(root, "docs", "rules")) do
    local code = kind == "file" and name:match("^(DDB%d+)%.md$")
    if code then
      table.insert(codes, code)
    end
  end
  return codes
end

--- Rule codes for completion: those of the diagnostics shown, and every documented rule
--- when the plugin sits in a source checkout.
---@param arglead string
---@return string[]
function M.complete_codes(arglead)
  local seen, codes = {}, {}
  local function add(code)
    code = tostring(code)
    if not seen[code] and code:match("^DDB%d+$") and vim.startswith(code, (arglead or ""):upper()) then
      seen[code] = true
      table.insert(codes, code)
    end
  end
  for _, d in ipairs(vim.diagnostic.get(nil)) do
    add(d.code or vim.tbl_get(d, "user_data", "lsp", "code") or "")
  end
  local ok, documented = pcall(documented_codes)
  for _, code in ipairs(ok and documented or {}) do
    add(code)
  end
  table.sort(codes)
  return codes
end

--- Option names for `:DdbCostReport` completion.
---@param arglead string
---@return string[]
function M.complete_cost_options(arglead)
  local words = vim.list_extend(vim.deepcopy(COST_FLAGS), { "region=", "months=" })
  return vim.tbl_filter(function(word)
    return vim.startswith(word, arglead or "")
  end, words)
end

return M
