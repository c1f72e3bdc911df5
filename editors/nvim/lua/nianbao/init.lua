-- nianbao for Neovim: the nianbao language server for China's annual reports
-- on government information disclosure (政府信息公开工作年度报告).
--
--   require('nianbao').setup({
--     cmd = { 'nianbao', 'lsp' },                       -- the server command
--     settings = { language = 'zh', rules = { ['label-drift'] = 'off' } },
--     on_attach = function(client, bufnr) end,          -- optional
--     capabilities = nil,                               -- optional
--   })
--
-- Neovim 0.11+: registers the server with vim.lsp.config/vim.lsp.enable (the
-- configuration in lsp/nianbao.lua). Neovim 0.7-0.10: starts one client per
-- workspace root with vim.lsp.start_client and attaches report buffers with
-- vim.lsp.buf_attach_client. Either way only report buffers are attached
-- (see nianbao.detect); a text or Markdown buffer that becomes a report (its
-- title typed) is attached when it is written.
local detect = require('nianbao.detect')

local M = {}

M.FIX_ALL_KIND = 'source.fixAll.nianbao'

M.defaults = {
  cmd = { 'nianbao', 'lsp' },
  settings = {},
  on_attach = nil,
  capabilities = nil,
}

--- The options of the last setup().
M.options = nil
--- 0.7-0.10: client id per workspace root.
local clients = {}
local warned = false

local function notify(msg, level)
  vim.notify('nianbao: ' .. msg, level or vim.log.levels.INFO)
end

local function has_native_config()
  return vim.fn.has('nvim-0.11') == 1 and vim.lsp.config ~= nil and vim.lsp.enable ~= nil
end

--- Whether the server command can run; tells the user once when it cannot.
local function check_cmd(cmd)
  if vim.fn.executable(cmd[1]) == 1 then
    return true
  end
  if not warned then
    warned = true
    notify(
      string.format(
        "cannot run the language server '%s': install nianbao (cargo install --git <repository> nianbao) "
          .. "or pass its path: require('nianbao').setup({ cmd = { '/path/to/nianbao', 'lsp' } })",
        cmd[1]
      ),
      vim.log.levels.ERROR
    )
  end
  return false
end

--- The nianbao client attached to a buffer, if any.
function M.client(bufnr)
  if bufnr == nil or bufnr == 0 then
    bufnr = vim.api.nvim_get_current_buf()
  end
  local list
  if vim.lsp.get_clients then
    list = vim.lsp.get_clients({ bufnr = bufnr, name = 'nianbao' })
  else
    list = {}
    for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
      if c.name == 'nianbao' then
        table.insert(list, c)
      end
    end
  end
  return list[1]
end

--- 0.7-0.10: the client config for a root folder.
local function legacy_config(opts, root)
  return {
    name = 'nianbao',
    cmd = opts.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    init_options = opts.settings,
    settings = { nianbao = opts.settings },
    on_attach = opts.on_attach,
    capabilities = opts.capabilities,
  }
end

--- Attaches the server to a report buffer (0.7-0.10; on 0.11+ for buffers
--- that became reports after they were opened).
function M.attach(bufnr)
  local opts = M.options
  if not opts or M.client(bufnr) or not detect.is_report(bufnr) then
    return
  end
  if not check_cmd(opts.cmd) then
    return
  end
  local root = detect.root_dir(bufnr)
  if has_native_config() then
    local config = vim.tbl_extend('force', vim.lsp.config.nianbao, { root_dir = root })
    vim.lsp.start(config, { bufnr = bufnr })
    return
  end
  local id = clients[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client.is_stopped() then
    id = vim.lsp.start_client(legacy_config(opts, root))
    if not id then
      return
    end
    clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
end

function M.setup(opts)
  opts = vim.tbl_deep_extend('force', {}, M.defaults, opts or {})
  M.options = opts
  warned = false
  local group = vim.api.nvim_create_augroup('nianbao', { clear = true })
  if has_native_config() then
    vim.lsp.config('nianbao', {
      cmd = opts.cmd,
      init_options = opts.settings,
      settings = { nianbao = opts.settings },
      on_attach = opts.on_attach,
      capabilities = opts.capabilities,
    })
    -- vim.lsp.enable would start the server for the first report; say clearly
    -- when it cannot run instead of Neovim's generic spawn error.
    vim.api.nvim_create_autocmd('FileType', {
      group = group,
      pattern = detect.filetypes,
      callback = function(args)
        if detect.is_report(args.buf) then
          check_cmd(opts.cmd)
        end
      end,
    })
    if vim.fn.executable(opts.cmd[1]) == 1 then
      vim.lsp.enable('nianbao')
    end
  else
    vim.api.nvim_create_autocmd('FileType', {
      group = group,
      pattern = detect.filetypes,
      callback = function(args)
        M.attach(args.buf)
      end,
    })
    -- Buffers opened before setup().
    for _, b in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(b) then
        M.attach(b)
      end
    end
  end
  -- A text or Markdown file that became a report while edited.
  vim.api.nvim_create_autocmd('BufWritePost', {
    group = group,
    callback = function(args)
      M.attach(args.buf)
    end,
  })
end

--- Applies the server's fix-all (source.fixAll.nianbao) to a buffer: every
--- safe fix (recomputed totals, blank totals, headings). Returns the number of
--- edits applied, or nil and a message.
function M.fix_all(bufnr)
  if bufnr == nil or bufnr == 0 then
    bufnr = vim.api.nvim_get_current_buf()
  end
  local client = M.client(bufnr)
  if not client then
    return nil, 'no nianbao language server is attached to this buffer (is it a report?)'
  end
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = {
      start = { line = 0, character = 0 },
      ['end'] = { line = vim.api.nvim_buf_line_count(bufnr), character = 0 },
    },
    context = { diagnostics = {}, only = { M.FIX_ALL_KIND } },
  }
  local tick = vim.api.nvim_buf_get_changedtick(bufnr)
  local responses, err = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 5000)
  if not responses then
    return nil, 'the server did not answer: ' .. tostring(err)
  end
  local response = responses[client.id] or {}
  local rerr = response.err or response.error -- 0.10+: err; 0.7: error
  if rerr then
    return nil, 'the server answered with an error: ' .. vim.inspect(rerr)
  end
  for _, action in ipairs(response.result or {}) do
    if action.kind == M.FIX_ALL_KIND and action.edit then
      if vim.api.nvim_buf_get_changedtick(bufnr) ~= tick then
        return nil, 'the buffer changed meanwhile; run :NianbaoFixAll again'
      end
      vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
      local n = 0
      for _, edits in pairs(action.edit.changes or {}) do
        n = n + #edits
      end
      return n, action.title
    end
  end
  return 0, 'nothing to fix'
end

--- Tells the running nianbao servers that a nianbao.toml was written: they
--- reload it and check the open reports again (so a finding dismissed in it
--- goes away). Neovim does not watch files for servers on Linux, and only
--- from 0.9 on elsewhere; plugin/nianbao.lua calls this on every write.
function M.config_written(path)
  local uri = vim.uri_from_fname(vim.fn.fnamemodify(path, ':p'))
  local params = { changes = { { uri = uri, type = 2 } } }
  local all = vim.lsp.get_clients and vim.lsp.get_clients({ name = 'nianbao' }) or vim.lsp.get_active_clients()
  for _, c in pairs(all) do
    if c.name == 'nianbao' then
      if vim.fn.has('nvim-0.11') == 1 then
        c:notify('workspace/didChangeWatchedFiles', params)
      else
        c.notify('workspace/didChangeWatchedFiles', params)
      end
    end
  end
end

--- :NianbaoFixAll
function M.fix_all_command()
  local n, msg = M.fix_all(0)
  if n == nil then
    notify(msg, vim.log.levels.ERROR)
  else
    notify(msg)
  end
end

return M
