"""WeasyPrint's URL fetcher, confined: ``data:`` URIs and files inside the allowed folders, nothing else.

No network (http, https, ftp ...) and no file outside the project tree and the template folders, whatever a
template, a stylesheet or an SVG asks for. Every request is recorded, refused ones with the reason, so tests
and the CLI can show what was asked for.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname


def confined_fetcher(roots: Iterable[Path]):
    """A ``weasyprint.urls.URLFetcher`` that serves only ``data:`` URIs and files below ``roots``."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    allowed = [Path(r).resolve() for r in roots]

    class ConfinedURLFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(timeout=1, allow_redirects=False, fail_on_errors=False)
            self.requests: list[str] = []
            self.refused: list[tuple[str, str]] = []

        def fetch(self, url, headers=None):
            self.requests.append(url)
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme != "file":
                return self._refuse(url, f"{scheme or 'relative'} URLs are not fetched (no network)")
            parts = urlsplit(url)
            if parts.netloc not in ("", "localhost"):
                return self._refuse(url, "file URLs on another host are not read")
            path = Path(url2pathname(unquote(parts.path))).resolve()
            if not any(path.is_relative_to(root) for root in allowed):
                return self._refuse(url, "outside the project tree and the template folders")
            if not path.is_file():
                return self._refuse(url, "no such file")
            return URLFetcherResponse(path.as_uri(), path.read_bytes())

        def _refuse(self, url: str, reason: str):
            self.refused.append((url, reason))
            raise ValueError(f"refused {url}: {reason}")

    return ConfinedURLFetcher()
