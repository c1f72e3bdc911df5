-- nianbao language server: China's annual reports on government information
-- disclosure (政府信息公开工作年度报告). https://github.com/OWNER/nianbao
--
-- The configuration in the shape of nvim-lspconfig's lsp/*.lua (Neovim 0.11+).
-- With this plugin on 'runtimepath':
--
--   vim.lsp.enable('nianbao')
--
-- Report buffers only: *.nianbao.txt / *.nianbao.md, and text or Markdown
-- buffers whose first lines carry the title 政府信息公开工作年度报告.
-- Settings (also sent as initializationOptions):
--
--   vim.lsp.config('nianbao', {
--     init_options = { language = 'en', rules = { ['label-drift'] = 'off' } },
--   })
local detect = require('nianbao.detect')

---@type vim.lsp.Config
return {
  cmd = { 'nianbao', 'lsp' },
  filetypes = detect.filetypes,
  root_markers = detect.root_markers,
  -- Called for every text/Markdown buffer: start (or reuse) the server only
  -- for reports.
  root_dir = function(bufnr, on_dir)
    if detect.is_report(bufnr) then
      on_dir(detect.root_dir(bufnr))
    end
  end,
  init_options = {},
}
