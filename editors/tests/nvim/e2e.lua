-- Headless end-to-end tests of editors/nvim with the real nianbao server.
-- Works on Neovim 0.7.2 (Debian) and 0.11 (run.sh runs both). One case per
-- Neovim process:
--
--   CASE=quickfix WORK=/tmp/x REPO=. nvim --headless --clean \
--     --cmd 'set rtp^=editors/nvim' -c 'luafile editors/tests/nvim/e2e.lua'
--
-- WORK holds copies of the fixtures and bin/nianbao, a wrapper around the
-- server that writes its exit status to WORK/server-exit (so a clean
-- shutdown — shutdown request, exit notification, exit code 0 — is checked).
-- Exit status 0 = pass, 1 = fail (an uncaught error under -c would hang
-- headless Neovim, hence xpcall and cquit).
local case = os.getenv('CASE')
local WORK = os.getenv('WORK')
local REPO = os.getenv('REPO')
local TIMEOUT = 10000
local t0 = vim.loop.hrtime()
local v = vim.version()
local version = string.format('%d.%d.%d', v.major, v.minor, v.patch)

local function ms()
  return math.floor((vim.loop.hrtime() - t0) / 1e6)
end

local function log(msg)
  io.stderr:write(string.format('  [%s %s %5d ms] %s\n', version, case, ms(), msg))
end

local function read(path)
  local f = assert(io.open(path, 'rb'))
  local s = f:read('*a')
  f:close()
  return s
end

local function buffer_text(bufnr)
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local text = table.concat(lines, '\n')
  if vim.bo[bufnr].eol then
    text = text .. '\n'
  end
  return text
end

local function wait(what, cond, timeout)
  if not vim.wait(timeout or TIMEOUT, cond, 20) then
    error('timed out waiting for ' .. what, 2)
  end
end

local function code(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local function diags(bufnr)
  local list = vim.diagnostic.get(bufnr)
  table.sort(list, function(a, b)
    return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
  end)
  return list
end

--- The error-level diagnostics, in document order.
local function errors(bufnr)
  local out = {}
  for _, d in ipairs(diags(bufnr)) do
    if d.severity == vim.diagnostic.severity.ERROR then
      table.insert(out, d)
    end
  end
  return out
end

--- What the corpus report itself is left with once its total is fixed: the
--- published report's own narrative-mismatch warning (its text says 行政处罚 38
--- 条, its table 2 has the 38 under 行政强制).
local function only_corpus_warning(bufnr)
  local ds = vim.diagnostic.get(bufnr)
  return #ds == 1 and code(ds[1]) == 'narrative-mismatch' and ds[1].severity == vim.diagnostic.severity.WARN
end

local function nianbao_clients()
  local all = vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
  local out = {}
  for _, c in pairs(all) do
    if c.name == 'nianbao' then
      table.insert(out, c)
    end
  end
  return out
end

local function open(name)
  vim.cmd('edit ' .. vim.fn.fnameescape(WORK .. '/' .. name))
  return vim.api.nvim_get_current_buf()
end

local function attached(bufnr)
  return require('nianbao').client(bufnr)
end

--- Stops the server and checks the shutdown was clean: the client is gone and
--- the server process exited with status 0 after `exit`.
local function shutdown_cleanly()
  local clients = nianbao_clients()
  assert(#clients == 1, 'one nianbao client, got ' .. #clients)
  local id = clients[1].id
  vim.lsp.stop_client(id)
  wait('the client to stop', function()
    return vim.lsp.get_client_by_id(id) == nil
  end)
  wait('the server process to exit', function()
    return vim.loop.fs_stat(WORK .. '/server-exit') ~= nil
  end)
  local status = vim.trim(read(WORK .. '/server-exit'))
  assert(status == '0', 'server exit status ' .. status)
  log('server stopped, exit status 0')
end

local function setup(opts)
  opts = opts or {}
  opts.cmd = opts.cmd or { WORK .. '/bin/nianbao', 'lsp' }
  require('nianbao').setup(opts)
end

local corpus = REPO .. '/tests/fixtures/corpus/'
local cases = {}

-- A plain .txt report (found by its title) with a broken total: diagnostics at
-- the right place in both position encodings, the quick fix, the diagnostics
-- gone, the file equal to the corpus report again, a clean shutdown.
function cases.quickfix()
  setup()
  local buf = open('xinxiang-broken-total.txt')
  assert(vim.bo[buf].filetype == 'text', 'filetype ' .. vim.bo[buf].filetype)
  wait('diagnostics', function()
    return #errors(buf) >= 2
  end)
  local ds = errors(buf)
  log(string.format('%d errors, %d diagnostics: %s', #ds, #vim.diagnostic.get(buf), ds[1].message))
  assert(#ds == 2, '2 errors, got ' .. #ds)
  local d = ds[1]
  assert(code(d) == 'row-total' and code(ds[2]) == 'result-total', 'codes ' .. tostring(code(d)) .. ', ' .. tostring(code(ds[2])))
  assert(d.source == 'nianbao', 'source ' .. tostring(d.source))
  assert(d.severity == vim.diagnostic.severity.ERROR, 'severity')
  assert(d.message:find('表三「（一）予以公开」行的总计为 12，但六类申请人之和为 11+0+0+0+0+0 = 11', 1, true), d.message)
  -- The total "12" on line 45, in bytes (Neovim converts from the server's
  -- encoding: UTF-16 on 0.7, UTF-8 from 0.10 on; the line has CJK text before it).
  local line = vim.api.nvim_buf_get_lines(buf, 44, 45, false)[1]
  local tab = assert(line:find('\t12\t', 1, true))
  assert(d.lnum == 44 and d.col == tab and d.end_col == tab + 2, string.format('range %d:%d-%d, expected 44:%d-%d', d.lnum, d.col, d.end_col, tab, tab + 2))
  local client = attached(buf)
  log('offset encoding ' .. client.offset_encoding)

  -- The whole line of the finding (positions in bytes would need converting
  -- to the client's encoding; character 0 is the same in all of them).
  local range = { start = { line = d.lnum, character = 0 }, ['end'] = { line = d.lnum + 1, character = 0 } }
  local responses = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = range,
    context = {
      diagnostics = { { range = range, message = d.message, code = code(d), severity = d.severity, source = d.source } },
    },
  }, TIMEOUT)
  assert(responses and responses[client.id], 'no code action response')
  local r = responses[client.id]
  assert(not (r.err or r.error), vim.inspect(r.err or r.error))
  local action, titles = nil, {}
  for _, a in ipairs(r.result or {}) do
    table.insert(titles, a.title)
    if a.title == '将「总计」改为 11' then
      action = a
    end
  end
  assert(action and action.kind == 'quickfix' and action.edit, 'no quick fix 将「总计」改为 11 in ' .. vim.inspect(titles))
  vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  local original = read(corpus .. 'xinxiang-city-hrss-2023.txt')
  assert(buffer_text(buf) == original, 'buffer differs from the corpus report: line 45 = ' .. vim.api.nvim_buf_get_lines(buf, 44, 45, false)[1])
  wait('the errors to go, the report\'s own narrative-mismatch warning left', function()
    return only_corpus_warning(buf)
  end)
  log('quick fix applied, errors gone; left: ' .. vim.diagnostic.get(buf)[1].message)
  -- The corpus file has no final newline; keep it so (Neovim adds one by default).
  vim.bo[buf].fixendofline = false
  vim.cmd('silent write')
  assert(read(WORK .. '/xinxiang-broken-total.txt') == original, 'written file differs from the corpus report')
  shutdown_cleanly()
end

-- :NianbaoFixAll fills the 9 blank totals of a corpus report (one finding:
-- nine rows one after another): the result is `nianbao check --fix`'s (the
-- .fixed expectation).
function cases.fixall()
  setup()
  local buf = open('dazhou.md')
  assert(vim.bo[buf].filetype == 'markdown', 'filetype ' .. vim.bo[buf].filetype)
  wait('1 diagnostic', function()
    return #vim.diagnostic.get(buf) == 1
  end)
  for _, d in ipairs(diags(buf)) do
    assert(code(d) == 'empty-cell', 'code ' .. tostring(code(d)))
  end
  vim.cmd('NianbaoFixAll')
  local expected = read(corpus .. 'dazhou-city-hrss-2023.md.fixed')
  assert(buffer_text(buf) == expected, 'buffer differs from dazhou-city-hrss-2023.md.fixed')
  wait('the diagnostics to go', function()
    return #vim.diagnostic.get(buf) == 0
  end)
  local n, msg = require('nianbao').fix_all(buf)
  assert(n == 0 and msg == 'nothing to fix', 'a second fix-all changes nothing: ' .. tostring(n) .. ' ' .. tostring(msg))
  log(':NianbaoFixAll applied; a second run has nothing to fix')
  shutdown_cleanly()
end

-- Markdown that is no report is never attached, until its title is typed and
-- the file written.
function cases.notreport()
  setup()
  local buf = open('notes.md')
  vim.wait(1500)
  assert(not attached(buf), 'attached to notes.md')
  assert(#nianbao_clients() == 0, 'a server was started')
  assert(#vim.diagnostic.get(buf) == 0, 'diagnostics on notes.md')
  vim.api.nvim_buf_set_lines(buf, 0, 0, false, { '测试市测试局2024年政府信息公开工作年度报告', '' })
  vim.cmd('silent write')
  wait('the server to attach after the title was written', function()
    return attached(buf) ~= nil
  end)
  wait('missing-section diagnostics', function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if code(d) == 'missing-section' then
        return true
      end
    end
    return false
  end)
  log(#vim.diagnostic.get(buf) .. ' diagnostics once it is a report')
  shutdown_cleanly()
end

-- settings reach the server: English messages, a rule turned off.
function cases.settings()
  setup({ settings = { language = 'en', rules = { ['result-total'] = 'off' } } })
  local buf = open('xinxiang-broken-total.txt')
  wait('diagnostics', function()
    return #errors(buf) >= 1
  end)
  vim.wait(500) -- a later publish must not bring result-total back
  local ds = errors(buf)
  assert(#ds == 1, '1 error (result-total off), got ' .. #ds)
  for _, w in ipairs(diags(buf)) do
    assert(code(w) ~= 'result-total', 'result-total is off')
    if code(w) == 'narrative-mismatch' then
      assert(w.message:find('^Text: '), 'English warning: ' .. w.message)
    end
  end
  assert(code(ds[1]) == 'row-total', tostring(code(ds[1])))
  local want = 'Table 3, row “（一）予以公开”: 总计 is 12 but the six applicant columns add up to 11+0+0+0+0+0 = 11'
  assert(ds[1].message == want, ds[1].message)
  log(ds[1].message)
  shutdown_cleanly()
end

-- *.nianbao.md is a report by its name, even without a title.
function cases.name()
  setup()
  local buf = open('draft.nianbao.md')
  wait('diagnostics', function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if code(d) == 'missing-title' then
        return true
      end
    end
    return false
  end)
  log(#vim.diagnostic.get(buf) .. ' diagnostics, missing-title among them')
  shutdown_cleanly()
end

-- Neovim 0.11+: the nvim-lspconfig-shaped lsp/nianbao.lua alone, in one line,
-- with `nianbao` found on PATH.
function cases.lspconfig()
  assert(vim.fn.has('nvim-0.11') == 1, 'needs Neovim 0.11')
  vim.lsp.enable('nianbao')
  local notes = open('notes.md')
  local buf = open('xinxiang-broken-total.txt')
  wait('diagnostics', function()
    return #errors(buf) == 2
  end)
  assert(code(errors(buf)[1]) == 'row-total', 'row-total')
  assert(not attached(notes), 'attached to notes.md')
  local c = attached(buf)
  assert(c.config.cmd[1] == 'nianbao', 'cmd from lsp/nianbao.lua: ' .. vim.inspect(c.config.cmd))
  log('vim.lsp.enable(\'nianbao\'): 2 errors, notes.md left alone')
  shutdown_cleanly()
end

-- A server command that cannot run: a clear error, no client.
function cases.missing()
  local messages = {}
  vim.notify = function(msg, level)
    table.insert(messages, { msg = msg, level = level })
  end
  setup({ cmd = { WORK .. '/no-such-dir/nianbao', 'lsp' } })
  local buf = open('xinxiang-broken-total.txt')
  wait('an error message', function()
    return #messages > 0
  end, 3000)
  local m = messages[1]
  assert(m.level == vim.log.levels.ERROR, 'level ' .. tostring(m.level))
  assert(m.msg:find("cannot run the language server '" .. WORK .. "/no-such-dir/nianbao'", 1, true), m.msg)
  assert(m.msg:find('setup', 1, true), m.msg)
  vim.wait(300)
  assert(not attached(buf) and #nianbao_clients() == 0, 'no client')
  open('dazhou.md')
  vim.wait(300)
  assert(#messages == 1, 'told once, got ' .. #messages)
  log(m.msg)
end

local ok, err = xpcall(function()
  local f = assert(cases[case], 'unknown CASE ' .. tostring(case))
  f()
end, debug.traceback)
if ok then
  log('PASS')
  vim.cmd('qall!')
else
  io.stderr:write(string.format('  [%s %s] FAIL: %s\n', version, case, err))
  vim.cmd('cquit 1')
end
