-- Headless Neovim (0.11+) end-to-end driver for ddb-architect.
--
-- Usage: nvim --headless --clean -u driver.lua
-- Environment:
--   DDB_NVIM_RTP       the shipped editors/nvim folder (put first on 'runtimepath')
--   DDB_NVIM_PYTHON    the interpreter that runs the server (python -m ddb_architect serve)
--   DDB_NVIM_SCENARIO  the name of a scenario in scenarios.lua
--   DDB_NVIM_ARGS      JSON arguments of the scenario
--   DDB_NVIM_OUT       where the JSON result is written
--   DDB_NVIM_SETTINGS  optional JSON "ddb-architect" settings laid over the shipped ones
--   DDB_NVIM_TIMEOUT_MS  how long any one wait may take (default 20000)
--   DDB_NVIM_USER_INIT a Lua file to run instead of the set-up below (a user's init.lua,
--                      made from the README's code blocks)
--
-- The shipped files are used as a user has them: lsp/ddb_architect.lua through
-- vim.lsp.config/vim.lsp.enable, ftdetect/ for the filetype and plugin/ for the commands.
-- Only `cmd` is overridden, as a user with the server in a virtual environment does.

local here = vim.fs.dirname(debug.getinfo(1, "S").source:gsub("^@", ""))
local out = assert(os.getenv("DDB_NVIM_OUT"), "DDB_NVIM_OUT is not set")
local scenario_name = assert(os.getenv("DDB_NVIM_SCENARIO"), "DDB_NVIM_SCENARIO is not set")
local timeout_ms = tonumber(os.getenv("DDB_NVIM_TIMEOUT_MS") or "20000")
-- A configuration as a user writes it (the README's), run instead of the set-up below.
local user_init = os.getenv("DDB_NVIM_USER_INIT")

vim.opt.swapfile = false
vim.opt.shadafile = "NONE"
vim.lsp.log.set_level(vim.log.levels.WARN)

local init_error = nil
if user_init and user_init ~= "" then
  local ok, err = pcall(dofile, user_init)
  init_error = not ok and tostring(err) or nil
else
  local rtp = assert(os.getenv("DDB_NVIM_RTP"), "DDB_NVIM_RTP is not set")
  local python = assert(os.getenv("DDB_NVIM_PYTHON"), "DDB_NVIM_PYTHON is not set")
  vim.opt.runtimepath:prepend(rtp)
  local override = { cmd = { python, "-m", "ddb_architect", "serve" } }
  local settings = os.getenv("DDB_NVIM_SETTINGS")
  if settings and settings ~= "" then
    override.settings = { ["ddb-architect"] = vim.json.decode(settings) }
  end
  vim.lsp.config("ddb_architect", override)
  vim.lsp.enable("ddb_architect")
end

local T = {
  args = vim.json.decode(os.getenv("DDB_NVIM_ARGS") or "{}"),
  result = { ok = false, nvim = tostring(vim.version()) },
  timeout_ms = timeout_ms,
  init_error = init_error,
  notifications = {},
  published = {},
  t0 = vim.uv.hrtime(),
}

-- What the plugin tells the user, for the test to see.
vim.notify = function(message, level)
  table.insert(T.notifications, { message = message, level = level })
end

-- Every publishDiagnostics, counted per URI (a document with no finding is published too).
local publish = vim.lsp.handlers["textDocument/publishDiagnostics"]
vim.lsp.handlers["textDocument/publishDiagnostics"] = function(err, params, ctx, config)
  if params and params.uri then
    T.published[params.uri] = (T.published[params.uri] or 0) + 1
  end
  return publish(err, params, ctx, config)
end

function T.ms()
  return math.floor((vim.uv.hrtime() - T.t0) / 1e6)
end

--- Wait until `condition()` is true; false after the timeout.
function T.wait(condition, ms)
  return vim.wait(ms or T.timeout_ms, condition, 20)
end

function T.client(buf)
  return vim.lsp.get_clients({ bufnr = buf, name = "ddb_architect" })[1]
end

--- Open `path` in the current window and wait for the server to attach and publish.
function T.open(path)
  vim.cmd.edit(vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(buf)
  assert(
    T.wait(function()
      return T.client(buf) ~= nil
    end),
    "the server did not attach to " .. path .. " (filetype " .. vim.bo[buf].filetype .. ")"
  )
  assert(
    T.wait(function()
      return (T.published[uri] or 0) > 0
    end),
    "no diagnostics were published for " .. path
  )
  return buf
end

function T.diagnostics(buf)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.source == "ddb-architect" then
      table.insert(
        found,
        { code = tostring(d.code), lnum = d.lnum, col = d.col, severity = d.severity, message = d.message }
      )
    end
  end
  table.sort(found, function(a, b)
    return a.lnum < b.lnum or (a.lnum == b.lnum and a.code < b.code)
  end)
  return found
end

--- The floating windows open now, with their buffers' text.
function T.floats()
  local floats = {}
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= "" then
      local buf = vim.api.nvim_win_get_buf(win)
      table.insert(floats, {
        win = win,
        buf = buf,
        filetype = vim.bo[buf].filetype,
        title = vim.b[buf].ddb_architect_float,
        text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n"),
      })
    end
  end
  return floats
end

--- Put the cursor on the first occurrence of `needle` (plus `offset` bytes) in `buf`.
function T.cursor_on(buf, needle, offset)
  for number, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local start = line:find(needle, 1, true)
    if start then
      vim.api.nvim_win_set_cursor(0, { number, start - 1 + (offset or 0) })
      return number - 1, start - 1 + (offset or 0)
    end
  end
  error(needle .. " is not in the buffer")
end

local function finish()
  T.result.ms = T.ms()
  T.result.notifications = T.notifications
  vim.fn.writefile({ vim.json.encode(T.result) }, out)
  vim.cmd(T.result.ok and "qall!" or "cquit! 1")
end

local pending = 0

--- Go on with `step(met)` once `condition()` holds (met = true) or the timeout has passed
--- (met = false), from Neovim's main loop: for what only happens there, such as Insert
--- mode and its popup menu. The scenario ends once its last step has run.
function T.after(condition, step)
  pending = pending + 1
  local started = vim.uv.now()
  local timer = assert(vim.uv.new_timer())
  timer:start(
    20,
    20,
    vim.schedule_wrap(function()
      if not timer:is_active() then
        return
      end
      local checked, met = pcall(condition)
      met = checked and met
      if not met and vim.uv.now() - started < T.timeout_ms then
        return
      end
      timer:stop()
      timer:close()
      pending = pending - 1
      local ok, err = xpcall(step, debug.traceback, met)
      if not ok then
        T.result.error = tostring(err)
        return finish()
      end
      if pending == 0 then
        T.result.ok = true
        finish()
      end
    end)
  )
end

vim.api.nvim_create_autocmd("VimEnter", {
  once = true,
  -- Files opened by the scenario must fire their own autocommands (filetype, LSP attach).
  nested = true,
  callback = function()
    local scenarios = dofile(vim.fs.joinpath(here, "scenarios.lua"))
    local scenario = scenarios[scenario_name]
    if scenario == nil then
      T.result.error = "no scenario " .. scenario_name
      return finish()
    end
    local ok, err = xpcall(scenario, debug.traceback, T)
    if not ok then
      T.result.error = tostring(err)
    elseif pending > 0 then
      return -- its steps (T.after) finish it
    else
      T.result.ok = true
    end
    finish()
  end,
})
