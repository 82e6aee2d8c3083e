"""Is an installed font able to show the report's language? Asked of fontconfig before a PDF is rendered.

Without such a font WeasyPrint draws every character as an empty box and still writes the PDF; its text layer
reads correctly, so nobody notices until the report is printed. fontconfig is the library Pango (and so
WeasyPrint) finds fonts with, so its answer is the one that counts. It is called through ctypes rather than
`fc-list`: the same speed here (about 10 ms either way) without needing the `fontconfig` command-line package.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from dataclasses import dataclass
from functools import cache, reduce

from auditkit.model.errors import UsageError
from auditkit.model.messages import msg


class MissingFontError(UsageError):
    """No installed font covers the report's language: the PDF would show empty boxes instead of text."""


@dataclass(frozen=True)
class LanguageFonts:
    """What a report language needs from the installed fonts."""

    fontconfig_lang: str
    """fontconfig's name of the orthography a font must cover (as in `fc-list :lang=zh-cn`)."""
    packages: tuple[str, ...]
    """Debian/Ubuntu packages that provide such a font; the first is the one to suggest."""


FONTS = {
    "en": LanguageFonts("en", ("fonts-dejavu-core",)),
    "zh": LanguageFonts("zh-cn", ("fonts-noto-cjk", "fonts-wqy-microhei")),
}
"""Every report language (auditkit.outputs.report.LANGS) has an entry, and its name as message
``report.language.<lang>``; a test holds them together."""


def require_font(lang: str) -> None:
    """Raise MissingFontError unless an installed font covers report language ``lang``.

    Does nothing when fontconfig itself cannot be loaded: WeasyPrint cannot load either and says so.
    """
    found = families(lang)
    if found is None or found:
        return
    raise MissingFontError(missing_font_message(lang))


def missing_font_message(lang: str) -> str:
    """One line, in English and, for a report in another language, in that language too (auditkit/model/messages.yaml)."""
    packages = FONTS[lang].packages
    either = reduce(lambda found, other: msg("report.either", first=found, second=other), packages[1:], packages[0])
    message = msg("report.missing_font", language=msg(f"report.language.{lang}"), packages=either, first=packages[0])
    return " / ".join(message.text(message_lang) for message_lang in dict.fromkeys(("en", lang)))


@cache
def families(lang: str) -> tuple[str, ...] | None:
    """Families of the installed fonts that cover report language ``lang``; None when fontconfig is unavailable.

    Cached: fontconfig reads its configuration (FONTCONFIG_FILE included) once per process anyway.
    """
    fc = _fontconfig()
    if fc is None:
        return None
    pattern = fc.FcNameParse(f":lang={FONTS[lang].fontconfig_lang}".encode())
    objects = fc.FcObjectSetCreate()
    fc.FcObjectSetAdd(objects, b"family")
    fonts = fc.FcFontList(None, pattern, objects)  # None: the default configuration, loaded on first use
    try:
        found = []
        value = ctypes.c_char_p()
        for i in range(fonts.contents.nfont if fonts else 0):
            if fc.FcPatternGetString(fonts.contents.fonts[i], b"family", 0, ctypes.byref(value)) == 0:
                found.append(value.value.decode("utf-8", "replace"))
        return tuple(sorted(set(found)))
    finally:
        if fonts:
            fc.FcFontSetDestroy(fonts)
        fc.FcObjectSetDestroy(objects)
        fc.FcPatternDestroy(pattern)


def _library_names():
    """The usual file names first: ctypes.util.find_library runs `ldconfig -p`, slower than the lookup itself."""
    yield from ("libfontconfig.so.1", "libfontconfig.1.dylib", "libfontconfig-1.dll")
    found = ctypes.util.find_library("fontconfig")
    if found:
        yield found


class _FontSet(ctypes.Structure):
    _fields_ = [("nfont", ctypes.c_int), ("sfont", ctypes.c_int), ("fonts", ctypes.POINTER(ctypes.c_void_p))]


@cache
def _fontconfig() -> ctypes.CDLL | None:
    """libfontconfig with the few functions used here declared; None when it is not installed."""
    fc = None
    for name in _library_names():
        try:
            fc = ctypes.CDLL(name)
            break
        except OSError:
            continue
    if fc is None:
        return None
    pointer = ctypes.c_void_p
    for function, restype, argtypes in (
        ("FcNameParse", pointer, [ctypes.c_char_p]),
        ("FcObjectSetCreate", pointer, []),
        ("FcObjectSetAdd", ctypes.c_int, [pointer, ctypes.c_char_p]),
        ("FcFontList", ctypes.POINTER(_FontSet), [pointer, pointer, pointer]),
        ("FcPatternGetString", ctypes.c_int, [pointer, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_char_p)]),
        ("FcFontSetDestroy", None, [ctypes.POINTER(_FontSet)]),
        ("FcObjectSetDestroy", None, [pointer]),
        ("FcPatternDestroy", None, [pointer]),
    ):
        getattr(fc, function).restype = restype
        getattr(fc, function).argtypes = argtypes
    return fc
