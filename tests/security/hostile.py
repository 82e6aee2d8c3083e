"""One hostile corpus for every output sanitiser (auditkit.outputs.sanitise) and for the inputs that carry text.

Each string is something a pull request could put into an evidence title, a requirement title, an organisation
name, a gap message or a file name. Adding a case here tests it on every channel.
"""

HOSTILE = [
    # terminal: clear screen, window title, OSC 8 hyperlink, cursor moves, 8-bit CSI, bell, backspace trickery
    "\x1b[2J\x1b[H cleared",
    "\x1b]0;pwned title\x07after",
    "\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\",
    "\x1b[31mred\x1b[0m \x1b[1A\x1b[2K overwritten",
    "\x9b2J eight-bit CSI \x9d0;title\x9c",
    "bell\x07 backspace\x08\x08\x08xxx del\x7f nul\x00 vt\x0b ff\x0c",
    "carriage\rreturn overwrites",
    "bidi \u202eevil\u202c and \u2066isolate\u2069",
    # rich markup
    "Meridian Bay [formerly Harbour IT] Ltd",
    "[/]",
    "[link=https://evil.example]click[/link]",
    "[bold red]shout[/bold red] [/bold]",
    "ends with a backslash \\",
    # spreadsheets
    "=HYPERLINK(\"https://evil.example\",\"click\")",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "  =1+1",
    "\uff1d1+1",
    "|cmd",
    "%0A=1",
    # Markdown / HTML in a step summary or pull-request comment
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "@org/team please look",
    "fixes #123",
    "[click](javascript:alert(1))",
    "![img](https://evil.example/x.png)",
    "| broken | table |",
    "`code` **bold** _it_ ~~s~~",
    "<details><summary>x</summary>",
    "https://evil.example/autolink",
    "line one\nline two\r\nline three",
    # XML
    "ctrl \x01\x02\x1f in xml",
    "surrogate \udcff from a bad file name",
    "\ufffe\uffff not characters",
    "quote \" apostrophe ' amp & lt < gt >",
    # GitHub workflow commands
    "::error::forged",
    "50% done\n::warning file=x::forged",
    "a,b:c",
    "%0A%25 already encoded",
    # plain text that must survive
    "服务管理方针已形成文件并获批准",
    "ordinary text",
    "",
]
