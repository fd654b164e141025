-- A screen capture of Neovim without a terminal: runs `nvim --embed` as its UI would,
-- attaches with nvim_ui_attach (msgpack-rpc over the child's stdin/stdout, vim.mpack),
-- keeps the screen grid from the redraw events (ext_linegrid, RGB colours; floats are
-- composed onto the grid by Neovim) and writes it as text and as coloured HTML.
--
-- Usage: nvim -l screen.lua
-- Environment:
--   DDB_SCREEN_INIT     the child's init file (-u); it sets g:ddb_screen_ready when its
--                       screen is worth capturing
--   DDB_SCREEN_OUT      where to write: OUT.txt and OUT.html
--   DDB_SCREEN_COLUMNS, DDB_SCREEN_LINES  the size of the screen (default 110 x 34)
--   DDB_SCREEN_TIMEOUT_MS  how long to wait for any one thing (default 30000)
--   DDB_SCREEN_FONT     the HTML's font size/line height (default 15px/17.5px)
-- The child inherits the environment (its own settings go there). Exit status 0 when the
-- screen was captured, 1 otherwise.

local uv = vim.uv
local init = assert(os.getenv("DDB_SCREEN_INIT"), "DDB_SCREEN_INIT is not set")
local out = assert(os.getenv("DDB_SCREEN_OUT"), "DDB_SCREEN_OUT is not set")
local columns = tonumber(os.getenv("DDB_SCREEN_COLUMNS") or "110")
local lines = tonumber(os.getenv("DDB_SCREEN_LINES") or "34")
local timeout_ms = tonumber(os.getenv("DDB_SCREEN_TIMEOUT_MS") or "30000")
local font = os.getenv("DDB_SCREEN_FONT") or "15px/17.5px"

-- The screen: rows of cells { text, hl }, highlight attributes by id, default colours.
local screen = {
  rows = {},
  width = 0,
  height = 0,
  attrs = { [0] = {} },
  fg = 0xffffff,
  bg = 0x000000,
  cursor = { 0, 0 },
  flushes = 0,
}

local function blank_row(width)
  local row = {}
  for col = 1, width do
    row[col] = { " ", 0 }
  end
  return row
end

local redraw = {}

function redraw.grid_resize(_, width, height)
  screen.width, screen.height = width, height
  for row = 1, height do
    screen.rows[row] = blank_row(width)
  end
end

function redraw.grid_clear()
  redraw.grid_resize(1, screen.width, screen.height)
end

function redraw.default_colors_set(fg, bg)
  screen.fg = fg >= 0 and fg or screen.fg
  screen.bg = bg >= 0 and bg or screen.bg
end

function redraw.hl_attr_define(id, rgb)
  screen.attrs[id] = rgb
end

function redraw.grid_cursor_goto(_, row, col)
  screen.cursor = { row, col }
end

function redraw.grid_line(_, row, col, cells)
  local target = screen.rows[row + 1]
  local hl = 0
  for _, cell in ipairs(cells) do
    if cell[2] ~= nil then
      hl = cell[2]
    end
    for _ = 1, cell[3] or 1 do
      col = col + 1
      target[col] = { cell[1], hl }
    end
  end
end

function redraw.grid_scroll(_, top, bot, left, right, rows)
  -- Rows top..bot-1 (0-based, bot exclusive) move up by `rows` (down when negative).
  local first, last, step = top, bot - 1 - rows, 1
  if rows < 0 then
    first, last, step = bot - 1, top - rows, -1
  end
  for row = first, last, step do
    for col = left + 1, right do
      screen.rows[row + 1][col] = screen.rows[row + 1 + rows][col]
    end
  end
end

function redraw.flush()
  screen.flushes = screen.flushes + 1
end

-- msgpack-rpc with the child.
local stdin, stdout = assert(uv.new_pipe()), assert(uv.new_pipe())
local child_exit = nil
local child = uv.spawn(vim.v.progpath, {
  args = { "--embed", "--clean", "-n", "-i", "NONE", "-u", init },
  stdio = { stdin, stdout, 2 },
}, function(code)
  child_exit = code
end)
assert(child, "could not start " .. vim.v.progpath)

local unpacker = vim.mpack.Unpacker()
local responses, next_id = {}, 0

local function dispatch(message)
  if message[1] == 1 then
    responses[message[2]] = { err = message[3], result = message[4] }
  elseif message[1] == 2 and message[2] == "redraw" then
    for _, batch in ipairs(message[3]) do
      local handler = redraw[batch[1]]
      if handler then
        for i = 2, #batch do
          handler(unpack(batch[i]))
        end
      end
    end
  end
end

stdout:read_start(function(err, data)
  assert(not err, err)
  if data == nil then
    return
  end
  -- The unpacker keeps an incomplete message's bytes itself: each chunk is fed once.
  local pos = 1
  while pos <= #data do
    local message, after = unpacker(data, pos)
    if message == nil then
      break
    end
    dispatch(message)
    pos = after
  end
end)

--- Send a request; its response once it has come (nil after the timeout).
local function request(method, ...)
  next_id = next_id + 1
  local id = next_id
  stdin:write(vim.mpack.encode({ 0, id, method, { ... } }))
  vim.wait(timeout_ms, function()
    return responses[id] ~= nil or child_exit ~= nil
  end, 10)
  local response = responses[id]
  responses[id] = nil
  return response
end

local function finish(ok, problem)
  if problem then
    io.stderr:write("screen.lua: " .. problem .. "\n")
  end
  if child_exit == nil then
    stdin:write(vim.mpack.encode({ 2, "nvim_command", { "qall!" } }))
    vim.wait(5000, function()
      return child_exit ~= nil
    end, 10)
  end
  if child_exit == nil then
    child:kill("sigkill")
  end
  os.exit(ok and 0 or 1)
end

local attached = request("nvim_ui_attach", columns, lines, { rgb = true, ext_linegrid = true })
if attached == nil or attached.err ~= vim.NIL then
  finish(false, "nvim_ui_attach failed: " .. vim.inspect(attached))
end

-- Ask for g:ddb_screen_ready every 50 ms until it is set (the child waits for up to
-- DDB_SCREEN_TIMEOUT_MS for each of its steps: attach and diagnostics, then the float).
local deadline = uv.now() + 3 * timeout_ms
local ready = false
while not ready and child_exit == nil and uv.now() < deadline do
  local answer = request("nvim_eval", "get(g:, 'ddb_screen_ready', 0)")
  ready = answer ~= nil and answer.result == 1
  if not ready then
    vim.wait(50)
  end
end
if not ready or child_exit ~= nil then
  finish(false, "the child never set g:ddb_screen_ready (exit " .. tostring(child_exit) .. ")")
end

-- One more full redraw, and wait until it has been flushed.
local flushes = screen.flushes
request("nvim_command", "redraw!")
if
  not vim.wait(timeout_ms, function()
    return screen.flushes > flushes
  end, 10)
then
  finish(false, "no redraw after :redraw!")
end

-- Text: the rows, without trailing blanks.
local text = {}
for row = 1, screen.height do
  local cells = {}
  for col = 1, screen.width do
    table.insert(cells, screen.rows[row][col][1])
  end
  text[row] = (table.concat(cells):gsub("%s+$", ""))
end
vim.fn.writefile(text, out .. ".txt")

-- HTML: a <pre> of spans in the UI's colours, the cursor as a reversed cell.
local function hex(colour)
  return string.format("#%06x", colour)
end
local function escape(s)
  return (s:gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;"))
end
local function style(attr, at_cursor)
  local fg, bg = attr.foreground or screen.fg, attr.background or screen.bg
  if attr.reverse then
    fg, bg = bg, fg
  end
  if at_cursor then
    fg, bg = bg, fg
  end
  local css = { "color:" .. hex(fg), "background:" .. hex(bg) }
  if attr.bold then
    table.insert(css, "font-weight:bold")
  end
  if attr.italic then
    table.insert(css, "font-style:italic")
  end
  if attr.underline or attr.undercurl then
    table.insert(css, "text-decoration:underline")
  end
  return table.concat(css, ";")
end
local html = {
  "<!DOCTYPE html>",
  '<html><head><meta charset="utf-8"><title>Neovim</title><style>',
  "body{margin:0;background:" .. hex(screen.bg) .. "}",
  "pre{margin:0;padding:8px;font:" .. font .. " 'DejaVu Sans Mono','Liberation Mono',monospace;"
    .. "color:"
    .. hex(screen.fg)
    .. ";display:inline-block}",
  "</style></head><body><pre>",
}
local body = {}
for row = 1, screen.height do
  local spans, current, run = {}, nil, {}
  local function close()
    if current then
      table.insert(spans, '<span style="' .. current .. '">' .. escape(table.concat(run)) .. "</span>")
    end
  end
  for col = 1, screen.width do
    local cell = screen.rows[row][col]
    local at_cursor = screen.cursor[1] == row - 1 and screen.cursor[2] == col - 1
    local css = style(screen.attrs[cell[2]] or {}, at_cursor)
    if css ~= current then
      close()
      current, run = css, {}
    end
    table.insert(run, cell[1])
  end
  close()
  table.insert(body, table.concat(spans))
end
-- (writefile() takes lines: a "\n" inside one would be written as a NUL.)
body[#body] = body[#body] .. "</pre></body></html>"
vim.list_extend(html, body)
vim.fn.writefile(html, out .. ".html")
finish(true)
