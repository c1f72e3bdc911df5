-- Which buffers are reports (the same rules as the VS Code extension):
-- *.nianbao.txt / *.nianbao.md by name, and plain text or Markdown buffers whose
-- first 20 lines contain 政府信息公开工作年度报告, white space ignored.
-- Works on Neovim 0.7 and later.
local M = {}

M.TITLE = '政府信息公开工作年度报告'
M.HEAD_LINES = 20
--- Filetypes whose buffers may be reports (Neovim gives .txt 'text', .md 'markdown').
M.filetypes = { 'text', 'markdown' }
M.root_markers = { 'nianbao.toml', '.git' }

--- Whether a file name is a report whatever its content.
function M.is_report_name(name)
  name = (name or ''):lower()
  return name:match('%.nianbao%.txt$') ~= nil or name:match('%.nianbao%.md$') ~= nil
end

--- Whether the first lines carry the title phrase, ignoring ASCII white space,
--- no-break spaces and full-width spaces (U+3000), so that a title broken over
--- two lines or spaced out counts.
function M.looks_like_report(lines)
  local head = table.concat(lines, '', 1, math.min(#lines, M.HEAD_LINES))
  head = head:gsub('%s', ''):gsub('\227\128\128', ''):gsub('\194\160', '')
  return head:find(M.TITLE, 1, true) ~= nil
end

local function has_value(list, x)
  for _, v in ipairs(list) do
    if v == x then
      return true
    end
  end
  return false
end

--- Whether the language server should check this buffer.
function M.is_report(bufnr)
  if bufnr == nil or bufnr == 0 then
    bufnr = vim.api.nvim_get_current_buf()
  end
  if not vim.api.nvim_buf_is_valid(bufnr) or vim.bo[bufnr].buftype ~= '' then
    return false
  end
  if M.is_report_name(vim.api.nvim_buf_get_name(bufnr)) then
    return true
  end
  if not has_value(M.filetypes, vim.bo[bufnr].filetype) then
    return false
  end
  return M.looks_like_report(vim.api.nvim_buf_get_lines(bufnr, 0, M.HEAD_LINES, false))
end

--- The workspace root of a buffer: the nearest folder above it with one of
--- `markers`, else the file's own folder (else the current directory).
function M.root_dir(bufnr, markers)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == '' then
    return vim.fn.getcwd()
  end
  local dir = vim.fn.fnamemodify(name, ':p:h')
  local d = dir
  while true do
    for _, m in ipairs(markers or M.root_markers) do
      if vim.loop.fs_stat(d .. '/' .. m) then
        return d
      end
    end
    local up = vim.fn.fnamemodify(d, ':h')
    if up == d then
      return dir
    end
    d = up
  end
end

return M
