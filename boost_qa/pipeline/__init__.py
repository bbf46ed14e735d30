"""``boost-qa build``: recipe → seeds → dialogues → release folder."""
