"""``boost-qa card``: rewrite a release's README.md from what the folder holds."""

from __future__ import annotations

from pathlib import Path

from boost_qa.release.card import render_release_card
from boost_qa.release.folder import ReleaseFolder


def regenerate_card(folder: Path | ReleaseFolder, *, repo_id: str | None = None) -> Path:
    """Render the card from the manifest, changelog, stats and plots; return its path.

    Raises:
        SourceError: The folder is not a boost-qa release, or its manifest cannot be read.
    """
    release = folder if isinstance(folder, ReleaseFolder) else ReleaseFolder(folder)
    manifest = release.read_manifest()
    text = render_release_card(
        manifest, repo_id=repo_id, changelog=release.read_changelog(), folder=release
    )
    return release.write_readme(text)
