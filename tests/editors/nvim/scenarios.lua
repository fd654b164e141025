-- The scenarios of the Neovim end-to-end tests: each opens files as a user does, acts as
-- a user does (hover, completion request, code action, user commands) and records what
-- Neovim shows in T.result; the Python test judges it. See driver.lua for T.

local S = {}

local function same_set(found, expected)
  local want = {}
  for _, pair in ipairs(expected) do
    want[pair[1] .. "@" .. pair[2]] = true
  end
  local have = {}
  for _, d in ipairs(found) do
    have[d.code .. "@" .. d.lnum] = true
  end
  for key in pairs(want) do
    if not have[key] then
      return false
    end
  end
  for key in pairs(have) do
    if not want[key] then
      return false
    end
  end
  return true
end

--- args: files = {path...}, expected = {path = {{code, lnum}...}}
--- Opens every file, then waits until each buffer shows the expected (code, line) pairs,
--- or the timeout; records what each buffer shows.
function S.diagnostics(T)
  local buffers = {}
  for _, path in ipairs(T.args.files) do
    buffers[path] = T.open(path)
  end
  T.result.attached_ms = T.ms()
  T.wait(function()
    for path, buf in pairs(buffers) do
      if not same_set(T.diagnostics(buf), T.args.expected[path] or {}) then
        return false
      end
    end
    return true
  end)
  T.result.files = {}
  for path, buf in pairs(buffers) do
    T.result.files[path] = {
      filetype = vim.bo[buf].filetype,
      clients = #vim.lsp.get_clients({ bufnr = buf, name = "ddb_architect" }),
      diagnostics = T.diagnostics(buf),
    }
  end
end

--- args: file, needle, offset. Hovers (vim.lsp.buf.hover) at the needle and records the
--- float Neovim opens.
function S.hover(T)
  local buf = T.open(T.args.file)
  T.cursor_on(buf, T.args.needle, T.args.offset)
  vim.lsp.buf.hover()
  local shown = T.wait(function()
    return #T.floats() > 0
  end)
  T.result.shown = shown
  T.result.floats = vim.tbl_map(function(f)
    return { filetype = f.filetype, text = f.text }
  end, T.floats())
end

local function completion_labels(T, buf, line, character)
  local client = assert(T.client(buf))
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = line, character = character },
  }
  local response = client:request_sync("textDocument/completion", params, T.timeout_ms, buf)
  assert(response ~= nil, "no answer to textDocument/completion")
  assert(response.err == nil, vim.inspect(response.err))
  local result = response.result or {}
  local items = result.items or result
  local labels = {}
  for _, item in ipairs(items) do
    table.insert(labels, item.label)
  end
  return labels
end

--- args: file, keys_line (the text of the `keys:` line to complete at its end), brace
--- (text ending with the `{` to complete after). Records the completion labels at both.
function S.completion(T)
  local buf = T.open(T.args.file)
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  for number, line in ipairs(lines) do
    if line == T.args.keys_line then
      T.result.keys = completion_labels(T, buf, number - 1, #line)
    end
    local at = line:find(T.args.brace, 1, true)
    if at then
      T.result.brace = completion_labels(T, buf, number - 1, at - 1 + #T.args.brace)
    end
  end
end

--- args: file, keys_line (as in S.completion), choose (the label to accept). Completion
--- as a user gets it: vim.lsp.completion enabled, <C-x><C-o> at the end of the `keys:`
--- line in Insert mode; records the popup menu, accepts `choose` and records the line
--- once the snippet is in.
function S.completion_popup(T)
  local buf = T.open(T.args.file)
  vim.lsp.completion.enable(true, T.client(buf).id, buf)
  local row
  for number, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    if line == T.args.keys_line then
      row = number
    end
  end
  assert(row, "no line " .. T.args.keys_line)
  vim.api.nvim_win_set_cursor(0, { row, 0 })
  vim.api.nvim_feedkeys(vim.keycode("A<C-x><C-o>"), "nt", false)
  T.after(function()
    return vim.fn.pumvisible() == 1
  end, function(shown)
    assert(shown, "no popup menu (mode " .. vim.api.nvim_get_mode().mode .. ")")
    local info = vim.fn.complete_info({ "items", "selected" })
    T.result.popup = vim.tbl_map(function(item)
      return item.word
    end, info.items)
    local index
    for i, item in ipairs(info.items) do
      if item.word == T.args.choose then
        index = i - 1
      end
    end
    assert(index, T.args.choose .. " is not in the popup menu")
    -- As <C-n>... <C-y>: select it and accept it; the snippet goes in on CompleteDone.
    vim.api.nvim_select_popupmenu_item(index, true, true, {})
    T.after(function()
      return vim.snippet.active()
    end, function(expanded)
      T.result.expanded = expanded
      T.result.line = vim.api.nvim_buf_get_lines(buf, row - 1, row, false)[1]
      T.result.mode = vim.api.nvim_get_mode().mode
    end)
  end)
end

--- args: file, code, title (a Lua pattern of the action's title). Puts the cursor on the
--- diagnostic, applies the quick fix with vim.lsp.buf.code_action({apply = true}), waits
--- for the edit and the next diagnostics.
function S.code_action(T)
  local buf = T.open(T.args.file)
  local uri = vim.uri_from_bufnr(buf)
  local target
  T.wait(function()
    for _, d in ipairs(T.diagnostics(buf)) do
      if d.code == T.args.code then
        target = d
        return true
      end
    end
    return false
  end)
  assert(target, "no " .. T.args.code .. " diagnostic")
  T.result.before = T.diagnostics(buf)
  vim.api.nvim_win_set_cursor(0, { target.lnum + 1, target.col })
  local changedtick = vim.b[buf].changedtick
  local published = T.published[uri]
  local titles = {}
  vim.lsp.buf.code_action({
    apply = true,
    filter = function(action)
      table.insert(titles, action.title)
      return action.title:match(T.args.title) ~= nil
    end,
  })
  T.result.applied = T.wait(function()
    return vim.b[buf].changedtick ~= changedtick
  end)
  T.result.titles = titles
  T.result.republished = T.wait(function()
    if T.published[uri] == published then
      return false
    end
    for _, d in ipairs(T.diagnostics(buf)) do
      if d.code == T.args.code then
        return false
      end
    end
    return true
  end)
  T.result.text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n")
  T.result.after = T.diagnostics(buf)
end

local function command_float(T, command)
  if type(command) == "function" then
    command()
  else
    vim.cmd(command)
  end
  local float
  T.wait(function()
    for _, f in ipairs(T.floats()) do
      if f.title ~= nil then
        float = f
        return true
      end
    end
    return false
  end)
  if float == nil then
    error(tostring(command) .. " showed no float; notifications: " .. vim.inspect(T.notifications))
  end
  local shown = { shown = true, filetype = float.filetype, title = float.title, text = float.text }
  -- `q` closes it, as a user would type it in the float.
  vim.api.nvim_set_current_win(float.win)
  vim.cmd("normal q")
  shown.closed = not vim.api.nvim_win_is_valid(float.win)
  return shown
end

--- args: file (a spec), rule_file (a spec with a diagnostic), code (its code).
--- :DdbCostReport, :DdbRuleDoc CODE and :DdbRuleDoc on the diagnostic under the cursor.
function S.commands(T)
  local spec = T.open(T.args.file)
  T.result.cost = command_float(T, "DdbCostReport")
  T.result.cost_compare = command_float(T, "DdbCostReport compare")
  T.result.rule = command_float(T, "DdbRuleDoc DDB102")

  local other = T.open(T.args.rule_file)
  local target
  T.wait(function()
    for _, d in ipairs(T.diagnostics(other)) do
      if d.code == T.args.code then
        target = d
        return true
      end
    end
    return false
  end)
  assert(target, "no " .. T.args.code .. " diagnostic")
  vim.api.nvim_win_set_cursor(0, { target.lnum + 1, target.col })
  T.result.rule_under_cursor = command_float(T, "DdbRuleDoc")
  T.result.completion = vim.fn.getcompletion("DdbRuleDoc DDB1", "cmdline")
  local told = #T.notifications
  vim.cmd("DdbRuleDoc DDB999")
  T.wait(function()
    return #T.notifications > told
  end)
  T.result.unknown = vim.list_slice(T.notifications, told + 1)
  T.result.floats_after = #T.floats()
  vim.api.nvim_set_current_buf(spec)
end

--- args: file. Records the first diagnostics of a file under the settings the test gave
--- (DDB_NVIM_SETTINGS).
function S.settings(T)
  local buf = T.open(T.args.file)
  T.result.diagnostics = T.diagnostics(buf)
  T.result.filetype = vim.bo[buf].filetype
end

--- args: file (a spec), needle and offset (where to hover), mapping (optional: keys
--- mapped to :DdbCostReport). Under a user's configuration (DDB_NVIM_USER_INIT): what
--- the server shows, and the cost report through the mapping.
function S.readme(T)
  assert(T.init_error == nil, "the configuration failed: " .. tostring(T.init_error))
  local buf = T.open(T.args.file)
  T.result.filetype = vim.bo[buf].filetype
  T.result.cmd = T.client(buf).config.cmd
  T.result.diagnostics = T.diagnostics(buf)
  T.cursor_on(buf, T.args.needle, T.args.offset)
  local client = T.client(buf)
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local response = client:request_sync("textDocument/hover", params, T.timeout_ms, buf)
  assert(response and response.result, "no hover: " .. vim.inspect(response))
  T.result.hover = response.result.contents.value
  T.result.commands = vim.tbl_keys(vim.api.nvim_get_commands({}))
  -- vim.lsp.completion.enable() on the buffer: its autocommands (InsertCharPre with
  -- autotrigger).
  local found, autocmds = pcall(vim.api.nvim_get_autocmds, { group = "nvim.lsp.completion_" .. buf })
  T.result.completion_events = found and vim.tbl_map(function(a)
    return a.event
  end, autocmds) or {}
  if T.args.mapping ~= nil and T.args.mapping ~= vim.NIL then
    T.result.mapped = vim.fn.maparg(T.args.mapping, "n")
    T.result.cost = command_float(T, function()
      vim.api.nvim_feedkeys(vim.keycode(T.args.mapping), "x", false)
    end)
  end
end

return S
