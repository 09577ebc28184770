"""The corpus folder's own git repository: every save of the review screen is a commit there,
authored by the editor; an article's history is read back from it, and any version restored.

Through the `git` command (Debian's package `git`), not a Python library: it is the reference
implementation, already on every machine that syncs a corpus, its plumbing output is stable, and
it adds no dependency (GitPython itself runs the git command; pygit2 needs libgit2; dulwich lacks
parts of git's behaviour). Every call names the repository explicitly (`--git-dir`, `--work-tree`)
and drops the caller's GIT_* variables, so a corpus folder inside another repository (the
application's checkout, for a local trial) gets a repository of its own and never a commit in the
outer one. Commits are made with the paths named: a file written by someone else and not yet
committed is never swept into an editor's commit.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

COMMITTER = "cenfigures review screen"
OUTSIDE = "outside the review screen"  # the author of changes found on disk, made by hand or by a command
_SEPARATOR = "\x1f"
# What a corpus repository never holds: the writers' lock files, temporary files of atomic writes,
# the journal of a save in progress (cenfigures.review.save).
IGNORED = "# written by the review screen\n.*.lock\n.*.tmp\n.review-save.json\n"


class HistoryError(Exception):
    """git failed; the message is git's."""


@dataclass(frozen=True)
class Version:
    commit: str
    author: str
    date: str  # ISO 8601
    subject: str
    body: str


def _env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env |= {
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_COMMITTER_NAME": COMMITTER,
        "GIT_COMMITTER_EMAIL": "",
        "GIT_TERMINAL_PROMPT": "0",
        "LC_ALL": "C",
    }
    return env


def git(seeds_dir: Path, *args: str, check: bool = True, data: bytes | None = None) -> bytes:
    """Run git on the corpus folder's own repository; its output, or HistoryError."""
    folder = seeds_dir.resolve()
    command = ["git", f"--git-dir={folder / '.git'}", f"--work-tree={folder}", "-c", "core.quotepath=false", *args]
    done = subprocess.run(command, cwd=folder, env=_env(), input=data, capture_output=True, timeout=60, check=False)
    if check and done.returncode != 0:
        raise HistoryError(done.stderr.decode("utf-8", errors="replace").strip() or f"git {args[0]} failed")
    return done.stdout


def is_repository(seeds_dir: Path) -> bool:
    """Whether the corpus folder is the top of a git repository of its own."""
    return (seeds_dir / ".git").exists()


def ensure_repository(seeds_dir: Path) -> bool:
    """Make the corpus folder a git repository of its own when it is not one, with its files as they
    are as the first commit (by OUTSIDE); True when it was made now."""
    if is_repository(seeds_dir):
        return False
    git(seeds_dir, "init", "-q", "-b", "main")
    ignore = seeds_dir / ".gitignore"
    if not ignore.exists():
        ignore.write_text(IGNORED, encoding="utf-8")
    git(seeds_dir, "add", "-A")
    commit(seeds_dir, [], OUTSIDE, "The corpus as it was before the first save on the review screen", everything=True)
    return True


def commit(seeds_dir: Path, paths: list[str], author: str, message: str, *, everything: bool = False) -> str:
    """Commit `paths` (relative to the corpus folder) as `author`; the new commit's id."""
    if not everything:
        git(seeds_dir, "add", "--", *paths)
    args = ["commit", "-q", "--allow-empty", f"--author={author} <>", "-F", "-"]
    git(seeds_dir, *args, *([] if everything else ["--", *paths]), data=message.encode("utf-8"))
    return head(seeds_dir)


def head(seeds_dir: Path) -> str:
    return git(seeds_dir, "rev-parse", "HEAD").decode().strip()


def uncommitted(seeds_dir: Path, paths: list[str]) -> list[str]:
    """Of `paths`, those that differ from the last commit or are not in it (written outside a save)."""
    if not is_repository(seeds_dir):
        return []
    out = git(seeds_dir, "status", "--porcelain", "-z", "--untracked-files=all", "--", *paths).decode("utf-8")
    return [item[3:] for item in out.split("\0") if len(item) > 3]


def versions(seeds_dir: Path, path: str, limit: int = 30) -> list[Version]:
    """The commits that changed `path`, newest first."""
    if not is_repository(seeds_dir):
        return []
    fmt = _SEPARATOR.join(("%H", "%an", "%aI", "%s", "%b")) + "\x1e"
    out = git(seeds_dir, "log", f"-n{limit}", f"--format={fmt}", "--", path, check=False).decode("utf-8")
    found = []
    for record in out.split("\x1e"):
        parts = record.strip("\n").split(_SEPARATOR)
        if len(parts) == 5:
            found.append(Version(*parts))
    return found


def authors_since(seeds_dir: Path, commit_id: str, path: str) -> list[str]:
    """Who committed changes to `path` after `commit_id`, oldest first, each once."""
    if not is_repository(seeds_dir) or not commit_id:
        return []
    out = git(seeds_dir, "log", "--reverse", "--format=%an", f"{commit_id}..HEAD", "--", path, check=False)
    return list(dict.fromkeys(line for line in out.decode("utf-8").splitlines() if line))


def text_at(seeds_dir: Path, commit_id: str, path: str) -> str | None:
    """The file `path` as it was at `commit_id`; None where it did not exist."""
    try:
        return git(seeds_dir, "show", f"{commit_id}:{path}").decode("utf-8")
    except HistoryError:
        return None


def parent(seeds_dir: Path, commit_id: str) -> str | None:
    out = git(seeds_dir, "rev-list", "--parents", "-n1", commit_id, check=False).decode().split()
    return out[1] if len(out) > 1 else None


def last_commit_of(seeds_dir: Path, path: str) -> str:
    """The last commit that changed `path`, or "" (no repository, or never committed)."""
    if not is_repository(seeds_dir):
        return ""
    return git(seeds_dir, "log", "-n1", "--format=%H", "--", path, check=False).decode().strip()


def commit_holding(seeds_dir: Path, path: str, sha256: str, digest) -> str:
    """The newest commit whose `path` has the digest `sha256` (read before the repository existed:
    its first commit holds it), or ""."""
    for version in versions(seeds_dir, path, limit=50):
        text = text_at(seeds_dir, version.commit, path)
        if text is not None and digest(text) == sha256:
            return version.commit
    return ""
