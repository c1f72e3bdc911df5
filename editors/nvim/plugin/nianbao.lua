-- nianbao: commands. The server itself is registered by require('nianbao').setup().
if vim.g.loaded_nianbao then
  return
end
vim.g.loaded_nianbao = true

vim.api.nvim_create_user_command('NianbaoFixAll', function()
  require('nianbao').fix_all_command()
end, { desc = 'nianbao: apply every safe fix of the report (source.fixAll.nianbao)' })
