-- Neovim (0.7.2 and later) as a real LSP client of `python -m mlgloss serve`.
--
-- Run by tests/editors/test_neovim_e2e.py as
--   nvim --headless --clean -u NONE -c "luafile tests/editors/neovim/e2e.lua"
-- with these environment variables:
--   MLGLOSS_E2E_PYTHON     the interpreter to run the server with (pytest's sys.executable)
--   MLGLOSS_E2E_WORKSPACE  a copy of tests/editors/neovim/workspace (holds README.md, .mlgloss.toml)
--   MLGLOSS_E2E_RESULT     where to write what was seen, as JSON
--   MLGLOSS_E2E_TIMEOUT_MS the bound for each wait (default 20000)
--
-- This script asserts nothing: it drives Neovim's own LSP client the way a user's setup does
-- (vim.lsp.start_client + vim.lsp.buf_attach_client, Neovim's publishDiagnostics handler, the
-- code-action request built like vim.lsp.buf.code_action() builds it, apply_workspace_edit),
-- records what happened at each stage, prints it, and quits. The pytest test asserts.
-- Every wait is vim.wait(timeout, predicate, interval): bounded polling, never a fixed sleep.

local TIMEOUT = tonumber(os.getenv('MLGLOSS_E2E_TIMEOUT_MS') or '') or 20000
local python = os.getenv('MLGLOSS_E2E_PYTHON')
local workspace = os.getenv('MLGLOSS_E2E_WORKSPACE')
local result_path = os.getenv('MLGLOSS_E2E_RESULT')

local result = {
  nvim_version = tostring(vim.version().major) .. '.' .. vim.version().minor .. '.' .. vim.version().patch,
  stage = 'start',
  publishes = {},   -- every textDocument/publishDiagnostics, raw LSP params
  messages = {},    -- window/showMessage and window/logMessage
  config_requests = {}, -- what the server asked for with workspace/configuration
}

local function log(...)
  local parts = {}
  for i = 1, select('#', ...) do
    local v = select(i, ...)
    parts[#parts + 1] = type(v) == 'table' and vim.inspect(v) or tostring(v)
  end
  io.stdout:write('[e2e.lua] ' .. table.concat(parts, ' ') .. '\n')
  io.stdout:flush()
end

local function write_result()
  local encoded = vim.fn.json_encode(result) -- before opening: a failure leaves no empty file
  local f = assert(io.open(result_path, 'w'))
  f:write(encoded)
  f:close()
end

-- Buffer text as JSON can carry: a wrong edit may split a UTF-8 sequence, which json_encode
-- refuses; such bytes are shown as \xNN so the assertion, not the encoder, reports it.
local function safe(text)
  if text == nil or pcall(vim.fn.json_encode, text) then
    return text
  end
  return (text:gsub('[\128-\255]', function(c) return ('\\x%02x'):format(c:byte()) end))
end

local function wait_for(what, predicate)
  local ok = vim.wait(TIMEOUT, predicate, 20)
  if not ok then
    error(('timed out after %d ms waiting for %s'):format(TIMEOUT, what), 0)
  end
end

-- The root markers of docs/editors/neovim.md, searched upwards (0.7 has no vim.fs.find).
local function find_root(start)
  local dir = start
  while dir do
    for _, marker in ipairs({ '.mlgloss.toml', 'pyproject.toml', '.git' }) do
      if vim.loop.fs_stat(dir .. '/' .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      return nil
    end
    dir = parent
  end
end

local function hover_text(contents)
  if type(contents) == 'string' then
    return contents
  end
  if type(contents) ~= 'table' then
    return ''
  end
  if contents.value then
    return contents.value
  end
  local parts = {}
  for _, item in ipairs(contents) do
    parts[#parts + 1] = hover_text(item)
  end
  return table.concat(parts, '\n')
end

local function request(client, bufnr, method, params)
  local done, response = false, nil
  client.request(method, params, function(err, res)
    response = { err = err, result = res }
    done = true
  end, bufnr)
  wait_for('the response to ' .. method, function() return done end)
  return response
end

local function variant_diagnostics(publish)
  local out = {}
  for _, d in ipairs(publish and publish.diagnostics or {}) do
    if d.code == 'variant' then
      out[#out + 1] = d
    end
  end
  table.sort(out, function(a, b) return a.range.start.line < b.range.start.line end)
  return out
end

local function run()
  assert(python and workspace and result_path, 'MLGLOSS_E2E_PYTHON, _WORKSPACE and _RESULT must be set')
  vim.cmd('filetype on') -- -u NONE leaves it off; the didOpen languageId comes from 'filetype'
  local file = workspace .. '/README.md'
  local root = find_root(workspace)
  result.root_dir = root

  result.stage = 'start_client'
  local exited = false
  local client_id = vim.lsp.start_client({
    name = 'mlgloss',
    cmd = { python, '-m', 'mlgloss', 'serve' },
    root_dir = root,
    -- Different on purpose: the settings must arrive after start-up and win (variant = error).
    init_options = { builtinGlossary = true, rules = { variant = 'warning' } },
    settings = { mlgloss = { builtinGlossary = true, rules = { variant = 'error' } } },
    -- Neovim 0.7 neither answers workspace/configuration for the server (it does not offer
    -- the capability) nor sends the settings after start-up; 0.8 and later do the latter
    -- themselves. This is the on_init of docs/editors/neovim.md's 0.7 setup.
    on_init = function(c)
      if vim.fn.has('nvim-0.8') == 0 and next(c.config.settings) then
        c.notify('workspace/didChangeConfiguration', { settings = c.config.settings })
      end
    end,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, params, ctx, config)
        result.publishes[#result.publishes + 1] = params
        return vim.lsp.diagnostic.on_publish_diagnostics(err, params, ctx, config)
      end,
      ['window/showMessage'] = function(_, params)
        result.messages[#result.messages + 1] = { kind = 'show', type = params.type, message = params.message }
        log('showMessage', params.type, params.message)
      end,
      ['window/logMessage'] = function(_, params)
        result.messages[#result.messages + 1] = { kind = 'log', type = params.type, message = params.message }
      end,
      ['workspace/configuration'] = function(err, params, ctx, config)
        result.config_requests[#result.config_requests + 1] = params
        return vim.lsp.handlers['workspace/configuration'](err, params, ctx, config)
      end,
    },
    on_exit = function(code, signal)
      result.server_exit = { code = code, signal = signal }
      exited = true
    end,
  })
  assert(client_id, 'vim.lsp.start_client returned nil')
  local client = vim.lsp.get_client_by_id(client_id)

  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[bufnr].filetype
  vim.lsp.buf_attach_client(bufnr, client_id)

  result.stage = 'initialize'
  wait_for('the server to initialize', function() return client.initialized or exited end)
  assert(not exited, 'the server exited during initialize')
  result.offset_encoding = client.offset_encoding
  local caps = client.server_capabilities or {}
  result.capabilities = {
    hover = caps.hoverProvider and true or false,
    code_action = caps.codeActionProvider and true or false,
    code_action_resolve = type(caps.codeActionProvider) == 'table' and caps.codeActionProvider.resolveProvider or false,
  }

  -- 1. Pushed diagnostics (the only kind 0.7.2 has), once the settings are in force: every
  --    variant diagnostic at severity 1 (Error), as settings.mlgloss says.
  result.stage = 'diagnostics'
  local first
  wait_for('a publishDiagnostics with variant diagnostics at severity Error', function()
    for _, p in ipairs(result.publishes) do
      local vs = variant_diagnostics(p)
      local all_error = #vs > 0
      for _, d in ipairs(vs) do
        all_error = all_error and d.severity == 1
      end
      if all_error then
        first = p
        return true
      end
    end
    return false
  end)
  result.first_variant_publish = first
  -- What Neovim made of them: byte columns, 0-based (vim.diagnostic.get).
  wait_for('vim.diagnostic.get to hold them', function() return #vim.diagnostic.get(bufnr) > 0 end)
  result.vim_diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    result.vim_diagnostics[#result.vim_diagnostics + 1] = {
      lnum = d.lnum, col = d.col, end_col = d.end_col, code = d.code, severity = d.severity,
      source = d.source, message = d.message,
    }
  end
  log('variant diagnostics:', variant_diagnostics(first))

  -- 2. Hover on "LoRA" (the start of the line that spells it out).
  result.stage = 'hover'
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local hover_line
  for i, line in ipairs(lines) do
    if line:find('^LoRA %(') then
      hover_line = i - 1
    end
  end
  assert(hover_line, 'the fixture has no line starting with "LoRA ("')
  vim.api.nvim_win_set_cursor(0, { hover_line + 1, 1 })
  local hover = request(client, bufnr, 'textDocument/hover', vim.lsp.util.make_position_params())
  result.hover = {
    line = hover_line,
    error = hover.err and hover.err.message or nil,
    text = hover.result and hover_text(hover.result.contents) or nil,
    -- what Neovim's own hover window would show
    rendered = hover.result and vim.lsp.util.convert_input_to_markdown_lines(hover.result.contents) or nil,
  }
  log('hover:', result.hover.text)

  -- 3. Quick fix of every "Lora", last line first, the way vim.lsp.buf.code_action() asks:
  --    range from the cursor, context.diagnostics from vim.diagnostic (byte columns in 0.7).
  result.stage = 'code actions'
  result.fixes = {}
  local targets = variant_diagnostics(first)
  for i = #targets, 1, -1 do
    local diag = targets[i]
    local line = diag.range.start.line
    local text = vim.api.nvim_buf_get_lines(bufnr, line, line + 1, false)[1]
    local byte_col = vim.str_byteindex(text, diag.range.start.character, true)
    vim.api.nvim_win_set_cursor(0, { line + 1, byte_col })
    local params = vim.lsp.util.make_range_params()
    params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, line) }
    local fix = {
      line = line,
      request_range = params.range,
      context_ranges = vim.tbl_map(function(d) return d.range end, params.context.diagnostics),
    }
    result.fixes[#result.fixes + 1] = fix
    local response = request(client, bufnr, 'textDocument/codeAction', params)
    fix.error = response.err and response.err.message or nil
    fix.titles = {}
    local chosen
    for _, action in ipairs(response.result or {}) do
      fix.titles[#fix.titles + 1] = action.title
      if not chosen and action.kind == 'quickfix' and (action.title or ''):find('LoRA', 1, true) then
        chosen = action
      end
    end
    if chosen then
      fix.title = chosen.title
      fix.kind = chosen.kind
      if not chosen.edit and result.capabilities.code_action_resolve then
        local resolved = request(client, bufnr, 'codeAction/resolve', chosen)
        chosen = resolved.result or chosen
        fix.resolved = true
      end
      fix.edit = chosen.edit
      if chosen.edit then
        vim.lsp.util.apply_workspace_edit(chosen.edit, 'utf-16')
      end
    end
    fix.line_after = safe(vim.api.nvim_buf_get_lines(bufnr, line, line + 1, false)[1])
    log('fix on line', line, '->', fix.line_after)
  end

  -- 4. The server sees the edits (didChange) and publishes again without the variants.
  result.stage = 'diagnostics after the fixes'
  local version = vim.lsp.util.buf_versions[bufnr]
  result.buffer_version = version
  local ok = vim.wait(TIMEOUT, function()
    local last = result.publishes[#result.publishes]
    -- publishDiagnostics.version is optional; when the server sends it, it must be the latest
    return last ~= nil and #variant_diagnostics(last) == 0
      and (last.version == nil or last.version == vim.NIL or last.version == version)
  end, 20)
  result.cleared = ok
  result.last_publish = result.publishes[#result.publishes]
  result.final_lines = vim.tbl_map(safe, vim.api.nvim_buf_get_lines(bufnr, 0, -1, false))

  -- 5. Shutdown and exit.
  result.stage = 'shutdown'
  vim.lsp.stop_client(client_id)
  result.exited_cleanly = vim.wait(TIMEOUT, function() return exited end, 20)
  result.stage = 'done'
end

local ok, err = xpcall(run, debug.traceback)
if not ok then
  result.error = tostring(err)
  log('ERROR at stage', result.stage, err)
end
local wrote, werr = pcall(write_result)
if not wrote then
  log('could not write the result:', werr)
end
vim.cmd('qall!')
