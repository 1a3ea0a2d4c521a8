-- Checks the Neovim 0.7 setup of docs/editors/neovim.md, which runs as init.lua.
--
-- Run by tests/editors/test_neovim_e2e.py as
--   nvim --headless -u <the doc's block> -i NONE <workspace>/README.md -c "luafile doc_check.lua"
-- with MLGLOSS_E2E_RESULT and MLGLOSS_E2E_TIMEOUT_MS set. The FileType autocmd of the doc's
-- block has already started and attached the client when this runs; this script waits
-- (bounded polling) for its diagnostics, records what it sees and quits. Pytest asserts.

local TIMEOUT = tonumber(os.getenv('MLGLOSS_E2E_TIMEOUT_MS') or '') or 20000
local result = { stage = 'start' }

local function run()
  local bufnr = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[bufnr].filetype
  result.stage = 'attach'
  local clients = {}
  vim.wait(TIMEOUT, function()
    clients = vim.lsp.buf_get_clients(bufnr)
    return next(clients) ~= nil
  end, 20)
  result.clients = {}
  for _, c in pairs(clients) do
    result.clients[#result.clients + 1] = { name = c.name, root_dir = c.config.root_dir }
  end
  result.stage = 'diagnostics'
  result.got_variant = vim.wait(TIMEOUT, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.code == 'variant' then
        return true
      end
    end
    return false
  end, 20)
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    result.diagnostics[#result.diagnostics + 1] = {
      lnum = d.lnum, col = d.col, code = d.code, severity = d.severity, source = d.source,
    }
  end
  -- on_attach ran: K is mapped in this buffer to the LSP hover
  local k = vim.fn.maparg('K', 'n', false, true)
  result.k_buffer_local = k.buffer == 1
  result.stage = 'shutdown'
  for _, c in pairs(clients) do
    c.stop()
  end
  result.stopped = vim.wait(TIMEOUT, function() return next(vim.lsp.get_active_clients()) == nil end, 20)
  result.stage = 'done'
end

local ok, err = xpcall(run, debug.traceback)
if not ok then
  result.error = tostring(err)
  io.stdout:write('[doc_check.lua] ERROR at stage ' .. result.stage .. ': ' .. tostring(err) .. '\n')
end
local f = assert(io.open(os.getenv('MLGLOSS_E2E_RESULT'), 'w'))
f:write(vim.fn.json_encode(result))
f:close()
vim.cmd('qall!')
