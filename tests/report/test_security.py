"""Hostile text in evidence and templates: shown escaped, never fetched, never run as a template."""

from __future__ import annotations

import os
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from auditkit.outputs.report import render_report

from .conftest import ACME, assess_project, pdf_text


@pytest.fixture
def http_server():
    """A local HTTP server that records every request it receives (none must arrive)."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def _hostile_project(tmp_path: Path, base_url: str) -> Path:
    root = tmp_path / "hostile"
    shutil.copytree(ACME, root)
    profile = root / "evidence" / "organization.yaml"
    text = profile.read_text()
    text = text.replace('name: "Acme Test Services Ltd."',
                        'name: "Acme <img src=\\"file:///etc/passwd\\"> Ltd."')
    text = text.replace('scope: "Managed service desk for customers in the test scope."',
                        f'scope: "Scope {{{{ 7*7 }}}} <style>body {{ background: url({base_url}/scope.png) }}</style>"')
    text = text.replace('objectives: ["Determine conformity of the SMS with ISO/IEC 20000-1:2018"]',
                        f'objectives: ["<link rel=\\"stylesheet\\" href=\\"{base_url}/objective.css\\">"]')
    profile.write_text(text)
    judgments = root / "judgments.yaml"
    judgments.write_text(judgments.read_text().replace(
        'note: "The audit of clause 8.5 planned for June 2026 was not carried out."',
        f'note: "<img src=\\"{base_url}/note.png\\"> and url({base_url}/css.png) {{% include \'report.html.j2\' %}}"'))
    return root


def test_hostile_evidence_is_escaped_and_nothing_is_fetched(tmp_path, http_server):
    base_url, hits = http_server
    root = _hostile_project(tmp_path, base_url)
    data = assess_project(root)
    assert data["organization"]["name"] == 'Acme <img src="file:///etc/passwd"> Ltd.'

    html = render_report(data, lang="en", fmt="html", evidence_dir=root / "evidence", project_root=root)
    page = html.content.decode()
    assert '<img src="file:' not in page and f'<img src="{base_url}' not in page
    assert f'<link rel="stylesheet" href="{base_url}' not in page
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in page
    assert "Scope {{ 7*7 }}" in page and "Scope 49" not in page  # evidence text is never a template
    assert "{% include &#39;report.html.j2&#39; %}" in page

    pdf = render_report(data, lang="en", fmt="pdf", evidence_dir=root / "evidence", project_root=root)
    assert pdf.pages >= 8
    assert pdf.refused == ()  # escaped text asks for nothing
    assert hits == []
    path = tmp_path / "hostile.pdf"
    path.write_bytes(pdf.content)
    flat = " ".join(pdf_text(path).split())
    assert 'Acme <img src="file:///etc/passwd"> Ltd.' in flat  # shown as text, on the cover
    assert f"url({base_url}/css.png)" in flat.replace(" ", "") or f"url({base_url}/css.png)" in flat


def test_a_user_template_cannot_fetch_from_the_network_or_outside_the_project(tmp_path, http_server):
    base_url, hits = http_server
    root = tmp_path / "acme"
    shutil.copytree(ACME, root)
    data = assess_project(root)
    mine = root / "my-templates"
    (mine / "sections").mkdir(parents=True)
    (mine / "inside.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                                     '<rect width="10" height="10" fill="#000"/></svg>')
    bundled_css = (Path(__file__).parents[2] / "auditkit" / "templates" / "report.css").read_text()
    (mine / "report.css").write_text(
        f'@import url("{base_url}/import.css");\n'
        f'.cover {{ background: url("file:///etc/passwd"); }}\n'
        f'.toc {{ background: url("{base_url}/background.png"); }}\n' + bundled_css)
    cover = (Path(__file__).parents[2] / "auditkit" / "templates" / "sections" / "cover.html.j2").read_text()
    (mine / "sections" / "cover.html.j2").write_text(
        f'<img src="file:///etc/passwd"><img src="{base_url}/logo.png"><img src="../../../../etc/hostname">'
        '<img src="inside.svg">\n' + cover)

    result = render_report(data, lang="en", fmt="pdf", template_dir=mine, evidence_dir=root / "evidence",
                           project_root=root)
    assert result.content.startswith(b"%PDF-") and result.pages >= 8
    assert hits == []
    refused = {url for url, _ in result.refused}
    assert "file:///etc/passwd" in refused
    assert f"{base_url}/import.css" in refused
    assert f"{base_url}/background.png" in refused
    assert f"{base_url}/logo.png" in refused
    assert any(url.endswith("/etc/hostname") for url in refused)
    assert not any(url.endswith("inside.svg") for url in refused)  # inside the project tree: allowed
    assert any("not fetched: file:///etc/passwd" in w for w in result.warnings)


def test_fetcher_refuses_symlinks_out_of_the_tree_and_serves_files_inside(tmp_path):
    from auditkit.outputs.report.fetcher import confined_fetcher

    inside = tmp_path / "project"
    inside.mkdir()
    (inside / "ok.css").write_text("p { color: red }")
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    os.symlink(outside, inside / "link.txt")
    fetcher = confined_fetcher([inside])
    assert fetcher.fetch((inside / "ok.css").as_uri()).read() == b"p { color: red }"
    for url in ((inside / "link.txt").as_uri(), outside.as_uri(), "http://127.0.0.1:9/x", "https://example.com/x",
                "ftp://example.com/x", "file://otherhost/etc/passwd"):
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"


def test_branding_values_that_are_not_colours_never_reach_the_stylesheet(acme_data, tmp_path):
    import copy

    data = copy.deepcopy(acme_data)
    data["organization"]["profile"]["organization"]["branding"] = {
        "primary_colour": "red}</style><script>alert(1)</script>", "logo": "../../../etc/passwd"}
    result = render_report(data, lang="en", fmt="html", evidence_dir=ACME / "evidence")
    page = result.content.decode()
    assert "<script>" not in page
    assert "--brand-primary: #1f4e79;" in page
    assert any("primary_colour" in w for w in result.warnings)
    assert any("outside the evidence folder" in w for w in result.warnings)
