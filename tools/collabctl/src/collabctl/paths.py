"""Where the local stack keeps its data: ``<repo>/.local`` (or ``$COLLAB_HOME/.local``)."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

import typer

HOME_ENV = "COLLAB_HOME"


@dataclass(frozen=True)
class StackPaths:
    """The ``.local`` layout: server data, logs, pid files, dev keys, the seeded marker."""

    home: Path

    @property
    def local(self) -> Path:
        """Root of everything the local stack writes."""
        return self.home / ".local"

    @property
    def s3(self) -> Path:
        """SeaweedFS data (the S3 store: Tansu's topics, later attachments)."""
        return self.local / "s3"

    @property
    def bucket(self) -> Path:
        """LocalBucket data root of older stacks (Tansu's store until SeaweedFS replaced it)."""
        return self.local / "bucket"

    @property
    def mongo(self) -> Path:
        """SecantusDB storage path."""
        return self.local / "mongo"

    @property
    def logs(self) -> Path:
        """One log file per process."""
        return self.local / "logs"

    @property
    def mail(self) -> Path:
        """Mail the SMTP sink received (one ``.eml`` file per Message-ID)."""
        return self.local / "mail"

    @property
    def run(self) -> Path:
        """One ``<name>.pid`` file per running process, plus ``stack.json``."""
        return self.local / "run"

    @property
    def keys(self) -> Path:
        """The development JWT key pair."""
        return self.local / "keys"

    @property
    def seeded(self) -> Path:
        """Marker written once demo data has been seeded (convention for after-up hooks)."""
        return self.local / "seeded"


def stack_paths(start: Path | None = None) -> StackPaths:
    """The stack layout under $COLLAB_HOME, else under the repository root."""
    if home := os.environ.get(HOME_ENV):
        return StackPaths(Path(home).resolve())
    return StackPaths(repo_root(start or Path.cwd()))


def stack_paths_or_exit() -> StackPaths:
    """``stack_paths()`` for a command: a clear message and exit code 2 on failure."""
    try:
        return stack_paths()
    except RuntimeError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc


def repo_root(start: Path) -> Path:
    """The nearest directory upward holding ``.git`` or a pyproject with ``[tool.ruff]``."""
    for directory in (start.resolve(), *start.resolve().parents):
        if (directory / ".git").exists() or _is_workspace_pyproject(directory / "pyproject.toml"):
            return directory
    raise RuntimeError(f"no repository root above {start}: run inside the repo or set {HOME_ENV}")


def _is_workspace_pyproject(path: Path) -> bool:
    if not path.is_file():
        return False
    with path.open("rb") as f:
        return "ruff" in tomllib.load(f).get("tool", {})
