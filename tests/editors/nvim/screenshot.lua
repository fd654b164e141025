-- The init file of the Neovim whose screen screen.lua captures: the shipped editors/nvim as
-- a user sets it up, one spec open, then one of these shots, after which it sets
-- g:ddb_screen_ready:
--   DDB_SHOT=cost   :DdbCostReport in its floating window
--   DDB_SHOT=hover  the diagnostics beside the lines and the hover of DDB_SHOT_NEEDLE
-- Environment: DDB_NVIM_RTP (editors/nvim), DDB_NVIM_PYTHON (runs the server),
-- DDB_SHOT_FILE (the spec), DDB_SHOT, DDB_SHOT_NEEDLE (text to hover, its first match).
vim.opt.runtimepath:prepend(assert(os.getenv("DDB_NVIM_RTP")))
vim.opt.swapfile = false
vim.opt.shadafile = "NONE"
vim.opt.shortmess:append("I")
vim.opt.number = true
vim.opt.laststatus = 2
vim.opt.termguicolors = true
vim.diagnostic.config({ virtual_text = true })
vim.lsp.config("ddb_architect", { cmd = { assert(os.getenv("DDB_NVIM_PYTHON")), "-m", "ddb_architect", "serve" } })
vim.lsp.enable("ddb_architect")

local shot = os.getenv("DDB_SHOT") or "cost"
local timeout_ms = tonumber(os.getenv("DDB_SCREEN_TIMEOUT_MS") or "30000")

local function floats()
  return vim.tbl_filter(function(win)
    return vim.api.nvim_win_get_config(win).relative ~= ""
  end, vim.api.nvim_list_wins())
end

local function fail(problem)
  io.stderr:write("screenshot.lua: " .. problem .. "\n")
  vim.cmd("cquit! 1")
end

vim.api.nvim_create_autocmd("VimEnter", {
  once = true,
  nested = true,
  callback = function()
    local file = assert(os.getenv("DDB_SHOT_FILE"))
    vim.cmd.cd(vim.fn.fnameescape(vim.fs.dirname(file)))
    vim.cmd.edit(vim.fn.fnameescape(vim.fs.basename(file)))
    local buf = vim.api.nvim_get_current_buf()
    if
      not vim.wait(timeout_ms, function()
        return #vim.lsp.get_clients({ bufnr = buf }) > 0 and #vim.diagnostic.get(buf) > 0
      end, 20)
    then
      return fail("no diagnostics in " .. file)
    end
    local function show(open)
      open()
      if
        not vim.wait(timeout_ms, function()
          return #floats() > 0
        end, 20)
      then
        return fail("no floating window")
      end
      vim.cmd("redraw!")
      vim.g.ddb_screen_ready = 1
    end
    if shot ~= "hover" then
      return show(function()
        vim.cmd("DdbCostReport")
      end)
    end
    local needle = vim.fn.escape(assert(os.getenv("DDB_SHOT_NEEDLE")), "\\/.*$^~[]")
    if vim.fn.search(needle, "cw") == 0 then
      return fail(needle .. " is not in " .. file)
    end
    vim.cmd("normal! zt" .. vim.keycode("6<C-y>"))
    -- The hover closes when the cursor moves: hover once Neovim has seen this move.
    vim.api.nvim_create_autocmd("CursorMoved", {
      once = true,
      callback = function()
        show(function()
          vim.lsp.buf.hover({ border = "rounded" })
        end)
      end,
    })
  end,
})
