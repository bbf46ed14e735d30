"""The release folder: a Hub dataset repository on disk."""
