"""``boost-qa publish``: versioned releases on the Hub (or a local folder)."""
