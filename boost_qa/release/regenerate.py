"""``boost-qa card``: rewrite a release's README.md from what the folder holds."""

from __future__ import annotations

import json
from pathlib import Path

from boost_qa.errors import SourceError
from boost_qa.release.card import render_release_card
from boost_qa.release.layout import META_DIR


def regenerate_card(folder: Path, *, repo_id: str | None = None) -> Path:
    """Render the card from the manifest, changelog, stats and plots; return its path."""
    manifest_path = folder / META_DIR / "manifest.json"
    if not manifest_path.exists():
        raise SourceError(f"{folder} is not a boost-qa release (no {META_DIR}/manifest.json)")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    changelog_path = folder / META_DIR / "changelog.json"
    changelog = (
        json.loads(changelog_path.read_text(encoding="utf-8")) if changelog_path.exists() else []
    )
    readme = folder / "README.md"
    text = render_release_card(manifest, repo_id=repo_id, changelog=changelog, folder=folder)
    tmp = readme.with_suffix(".md.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(readme)
    return readme
