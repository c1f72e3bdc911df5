-- nianbao: commands. The server itself is registered by require('nianbao').setup().
if vim.g.loaded_nianbao then
  return
end
vim.g.loaded_nianbao = true

vim.api.nvim_create_user_command('NianbaoFixAll', function()
  require('nianbao').fix_all_command()
end, { desc = 'nianbao: apply every safe fix of the report (source.fixAll.nianbao)' })

-- A nianbao.toml written (a dismissal added, a rule turned off): the servers
-- reload it, whether or not Neovim watches files for them.
vim.api.nvim_create_autocmd('BufWritePost', {
  group = vim.api.nvim_create_augroup('nianbao_config', { clear = true }),
  pattern = 'nianbao.toml',
  callback = function(args)
    require('nianbao').config_written(vim.api.nvim_buf_get_name(args.buf))
  end,
})
