-- Design specs are YAML with a DynamoDB flavour: the compound filetype `yaml.dynamodb` keeps
-- YAML's syntax, treesitter parser, ftplugin and indent (and any YAML server that lists it),
-- and lets ddb-architect attach to specs only, not to every YAML file.
vim.filetype.add({
  pattern = {
    [".*%.ddb%.ya?ml"] = "yaml.dynamodb",
  },
})
