"""Quick fixes: the edits that repair a finding, computed by the engine (no LSP types)."""
