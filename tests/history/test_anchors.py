"""Anchors outside the history's own files: SSH signatures (`--sign`, `--require-signature`) and git
(`--against-git`). Each catches a rewrite that the hash chain and HEAD alone cannot see."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from auditkit.outputs.history.snapshot import content_hash

from .conftest import load, located, snapshot_path

pytestmark = pytest.mark.skipif(shutil.which("ssh-keygen") is None or shutil.which("git") is None,
                                reason="needs ssh-keygen and git")  # both are in the system package list


@pytest.fixture
def key(tmp_path):
    """An SSH key of the auditor, and an allowed-signers file that trusts it."""
    private = tmp_path / "keys" / "auditor"
    private.parent.mkdir()
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "auditor", "-f", str(private)], check=True)
    allowed = tmp_path / "keys" / "allowed_signers"
    allowed.write_text(f"auditor@example.org {private.with_suffix('.pub').read_text().strip()}\n")
    return private, allowed


@pytest.fixture
def signed(project, cli, key):
    private, _ = key
    for as_of in ("2026-03-01", "2026-11-05"):
        result = cli("assess", "--as-of", as_of, "--record", "--sign", private)
        assert result.exit_code == 0, result.output
    return project


def _rewrite_latest(project) -> None:
    """A careful forger: edits the latest snapshot, recomputes its hash and HEAD."""
    path = snapshot_path(project, 2)
    data = load(path)
    data["assessment"]["summary"]["overall"]["score"] = 0.99
    data["hash"] = content_hash(data)
    path.write_text(json.dumps(data, indent=1))
    (project / "history" / "HEAD").write_text(f"S0002 {data['hash']}\n")


def test_a_signed_history_verifies_with_its_signer_named(signed, cli, key):
    assert (signed / "history" / "HEAD.sig").is_file()
    result = cli("verify", "--require-signature", "--allowed-signers", key[1])
    assert result.exit_code == 0 and "signed by auditor@example.org" in result.stdout


def test_a_rewritten_latest_snapshot_passes_the_chain_but_not_the_signature(signed, cli, key):
    _rewrite_latest(signed)
    assert cli("verify").exit_code == 0  # the files alone cannot show it ...
    result = cli("verify", "--require-signature", "--allowed-signers", key[1])
    assert result.exit_code == 1  # ... the signature does
    assert located(result.stderr, "history/S0002-2026-11-05.json", "its signature does not match its content")
    assert "history/HEAD:1:1: error: its signature does not match its content" in result.stderr


def test_an_unsigned_snapshot_and_a_stranger_s_key_are_refused(signed, cli, key, tmp_path):
    stranger = tmp_path / "stranger"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(stranger)], check=True)
    assert cli("assess", "--as-of", "2027-03-01", "--record", "--sign", stranger).exit_code == 0
    assert cli("assess", "--as-of", "2027-04-01", "--record").exit_code == 0
    result = cli("verify", "--require-signature", "--allowed-signers", key[1])
    assert result.exit_code == 1
    assert "S0003-2027-03-01.json:1:1: error: signed by a key that is not in" in result.stderr
    assert "S0004-2027-04-01.json:1:1: error: not signed:" in result.stderr


def test_require_signature_needs_trusted_signers(signed, cli, monkeypatch, tmp_path):
    monkeypatch.delenv("AUDITKIT_ALLOWED_SIGNERS", raising=False)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-gitconfig"))
    result = cli("verify", "--require-signature")
    assert result.exit_code == 2 and "give --allowed-signers FILE" in result.stderr


def test_sign_without_record_and_a_bad_key_are_usage_errors(project, cli, tmp_path):
    assert cli("assess", "--sign", tmp_path / "k").exit_code == 2
    (tmp_path / "k").write_text("not a key")
    result = cli("assess", "--as-of", "2026-03-01", "--record", "--sign", tmp_path / "k")
    assert result.exit_code == 2 and "ssh-keygen could not sign" in result.stderr


def _git(project, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=project, check=True,
                   capture_output=True)


def test_a_rewound_history_is_caught_against_git(two_cycles, cli):
    _git(two_cycles, "init", "-q")
    _git(two_cycles, "add", "-A")
    _git(two_cycles, "commit", "-qm", "audit cycles")
    assert cli("verify", "--against-git", "HEAD").exit_code == 0
    # the forger removes the latest snapshot and points HEAD back at the first: the files alone look fine
    first = load(snapshot_path(two_cycles, 1))
    snapshot_path(two_cycles, 2).unlink()
    (two_cycles / "history" / "HEAD").write_text(f"S0001 {first['hash']}\n")
    assert cli("verify").exit_code == 0
    result = cli("verify", "--against-git", "HEAD")
    assert result.exit_code == 1
    assert located(result.stderr, "history/S0002-2026-11-05.json", "removed: S0002 was committed at HEAD")
    assert "history/HEAD:1:1: error: rewound: at HEAD HEAD named S0002, but the history now ends at S0001" in result.stderr


def test_a_rewritten_committed_snapshot_is_caught_against_git(two_cycles, cli):
    _git(two_cycles, "init", "-q")
    _git(two_cycles, "add", "-A")
    _git(two_cycles, "commit", "-qm", "audit cycles")
    _rewrite_latest(two_cycles)
    result = cli("verify", "--against-git", "HEAD")
    assert result.exit_code == 1 and "rewritten: S0002 differs from the one committed at HEAD" in result.stderr
    assert cli("verify", "--against-git", "no-such-ref").exit_code == 2
