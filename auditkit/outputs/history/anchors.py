"""Anchoring the history outside its own files: SSH signatures, and the chain committed in git.

The hash chain shows that snapshots were not edited, reordered or removed from the middle; HEAD shows that the
latest one was not removed on its own. Whoever can write ``history/`` can still remove the latest snapshot *and*
point HEAD back, or rewrite the last snapshot and recompute its hash and HEAD. Two anchors catch that:

- **Signatures** (``assess --record --sign KEY``): ``ssh-keygen -Y sign`` (as git signs commits) signs each
  snapshot file and HEAD with a key the recorder holds; ``verify --require-signature`` checks every signature
  against an allowed-signers file the verifier trusts. A rewritten snapshot or HEAD has no valid signature unless
  the forger holds an allowed key. A signature proves who recorded a snapshot, not that no later one existed:
  removing the latest snapshot with its signature and restoring the previous HEAD with its (genuine) signature
  goes unnoticed by signatures alone.
- **git** (``verify --against-git REF``): every snapshot committed at REF must still be there, byte for byte, and
  HEAD must not name an earlier snapshot than REF's HEAD did. That catches the rewind, as far as REF is trusted
  (a protected branch, a signed commit, a remote the forger cannot push to).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from auditkit.inputs.yamlsource import display_path
from auditkit.model.errors import Location, Problem, UsageError
from auditkit.model.messages import Message, msg
from auditkit.outputs.history.snapshot import HEAD_NAME, LAYER, NAME, Snapshot, history_folder

NAMESPACE = "auditkit-history"
"""The ssh-keygen signature namespace: a signature made for git commits or files cannot pass as one of these."""
SIGNATURE_SUFFIX = ".sig"
TIMEOUT = 30


def _ssh_keygen() -> str:
    found = shutil.which("ssh-keygen")
    if not found:
        raise UsageError(msg("anchors.no_keygen"))
    return found


def signature_path(path: Path) -> Path:
    return path.with_name(path.name + SIGNATURE_SUFFIX)


def sign_file(path: Path, key: Path) -> Path:
    """Sign ``path`` with the SSH key ``key`` (a private key file, or a public key whose private half is in
    ssh-agent); the signature is written beside it as ``<name>.sig``, replacing an older one."""
    target = signature_path(path)
    target.unlink(missing_ok=True)  # ssh-keygen refuses to overwrite
    try:
        done = subprocess.run([_ssh_keygen(), "-Y", "sign", "-q", "-f", os.fspath(key), "-n", NAMESPACE,
                               os.fspath(path)], capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UsageError(msg("anchors.keygen_failed", key=str(key), error=str(exc))) from None
    if done.returncode != 0 or not target.is_file():
        reason = " ".join(done.stderr.split())[:300] or msg("anchors.exit_status", status=done.returncode)
        raise UsageError(msg("anchors.sign_failed", key=str(key), file=display_path(path), reason=reason))
    return target


def allowed_signers_file(given: Path | None) -> Path:
    """The allowed-signers file: the one given, else $AUDITKIT_ALLOWED_SIGNERS, else git's
    ``gpg.ssh.allowedSignersFile`` (the file git itself trusts for SSH-signed commits)."""
    if given:
        chosen = Path(given)
    elif os.environ.get("AUDITKIT_ALLOWED_SIGNERS"):
        chosen = Path(os.environ["AUDITKIT_ALLOWED_SIGNERS"])
    else:
        configured = _git(Path("."), "config", "--path", "--get", "gpg.ssh.allowedSignersFile")
        if configured is None or not configured.strip():
            raise UsageError(msg("anchors.no_signers"))
        chosen = Path(configured.strip())
    if not chosen.is_file():
        raise UsageError(msg("anchors.signers_not_found", file=str(chosen)))
    return chosen


def check_signature(path: Path, allowed: Path) -> tuple[str | None, Message | None]:
    """(the principal whose allowed key made ``path``'s signature, None) or (None, why it does not verify)."""
    sig = signature_path(path)
    if not sig.is_file():
        return None, msg("anchors.not_signed", file=display_path(sig))
    keygen = _ssh_keygen()
    try:
        found = subprocess.run([keygen, "-Y", "find-principals", "-s", os.fspath(sig), "-f", os.fspath(allowed)],
                               capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
        principals = [line.strip() for line in found.stdout.splitlines() if line.strip()]
        if found.returncode != 0 or not principals:
            return None, msg("anchors.unknown_key", file=display_path(allowed))
        with path.open("rb") as message:
            checked = subprocess.run([keygen, "-Y", "verify", "-f", os.fspath(allowed), "-I", principals[0],
                                      "-n", NAMESPACE, "-s", os.fspath(sig)], stdin=message, capture_output=True,
                                     text=True, timeout=TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, msg("anchors.unchecked", error=str(exc))
    if checked.returncode != 0:
        return None, msg("anchors.changed")
    return principals[0], None


def signature_problems(project_root: Path, snapshots: list[Snapshot], allowed: Path) -> tuple[list[Problem], set[str]]:
    """A problem for every snapshot and for HEAD whose signature is missing or does not verify; the principals
    that signed."""
    problems, signers = [], set()
    files = [s.path for s in snapshots]
    head = history_folder(project_root) / HEAD_NAME
    if head.is_file():
        files.append(head)
    for path in files:
        signer, why = check_signature(path, allowed)
        if signer is None and why is not None:
            problems.append(Problem.of(Location(display_path(path), 1, 1), why, LAYER))
        else:
            signers.add(signer)
    return problems, signers


def _git(cwd: Path, *args: str, binary: bool = False):
    """Output of a git command run in ``cwd`` (bytes with ``binary``), or None when it fails."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return done.stdout if binary else done.stdout.decode("utf-8", "replace")


def git_problems(project_root: Path, snapshots: list[Snapshot], ref: str) -> list[Problem]:
    """Compare the history with the one committed at ``ref``: a committed snapshot that is missing or differs,
    or a HEAD that names an earlier snapshot than the committed HEAD, is a problem."""
    folder = history_folder(project_root).resolve()
    top = _git(folder.parent, "rev-parse", "--show-toplevel")
    if top is None:
        raise UsageError(msg("anchors.not_git", ref=ref, folder=display_path(folder.parent)))
    if _git(folder.parent, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}") is None:
        raise UsageError(msg("anchors.no_ref", ref=ref))
    relative = folder.relative_to(Path(top.strip()).resolve()).as_posix()
    listed = _git(folder.parent, "ls-tree", "--name-only", "-z", f"{ref}", "--", relative + "/") or ""
    problems: list[Problem] = []
    here = {s.path.name: s for s in snapshots}
    for entry in filter(None, listed.split("\0")):
        name = entry.rsplit("/", 1)[-1]
        if not NAME.match(name):
            continue
        shown = display_path(folder / name)
        blob = _git(folder.parent, "show", f"{ref}:{entry}", binary=True)
        if name not in here:
            problems.append(Problem.of(Location(shown, 1, 1), msg("anchors.removed", id=name[:5], ref=ref), LAYER))
        elif blob is not None and here[name].path.read_bytes() != blob:
            problems.append(Problem.of(Location(shown, 1, 1), msg("anchors.rewritten", id=name[:5], ref=ref), LAYER))
    head_blob = _git(folder.parent, "show", f"{ref}:{relative}/{HEAD_NAME}")
    if head_blob and head_blob.split():
        committed_head = head_blob.lstrip("\ufeff").split()[0]
        latest = snapshots[-1].id if snapshots else None
        if latest is None or (committed_head[1:].isdigit() and int(latest[1:]) < int(committed_head[1:])):
            problems.append(Problem.of(Location(display_path(folder / HEAD_NAME), 1, 1),
                                       msg("anchors.rewound", ref=ref, head=committed_head, latest=latest)
                                       if latest else msg("anchors.rewound_empty", ref=ref, head=committed_head), LAYER))
    return problems
