#!/usr/bin/env python3
"""Write ui/js/commands.js: one named function per Tauri command, with the argument
names the Rust side takes (camelCase, as Tauri maps them). Run it after adding or
changing a command; `tests/ui_contract.rs` fails while the file and the commands differ.

    python3 scripts/ui-commands.py
"""
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
SRC = ROOT / "src-tauri" / "src" / "commands"
OUT = ROOT / "ui" / "js" / "commands.js"
# parameters Tauri fills in itself, never sent by the page
INJECTED = ("State<", "AppHandle", "Window", "WebviewWindow", "Webview<")
RESERVED = {"new", "delete", "default", "class", "function", "var", "let", "const", "in",
            "do", "if", "for", "return", "switch", "case", "this", "void", "with", "enum"}


def camel(s):
    head, *rest = s.split("_")
    return head + "".join(w[:1].upper() + w[1:] for w in rest)


def commands():
    registered = (SRC / "mod.rs").read_text()
    start = registered.index("generate_handler![")
    block = registered[start:registered.index("]))", start)]
    dev = set()
    order = []
    pending_dev = False
    for line in block.splitlines():
        line = line.strip().rstrip(",")
        if line.startswith("#[cfg(dev_tools)]"):
            pending_dev = True
            continue
        m = re.match(r"^(?:[\w:]+::)?(\w+)$", line)
        if m:
            order.append(m.group(1))
            if pending_dev:
                dev.add(m.group(1))
            pending_dev = False
    params = {}
    for f in sorted(SRC.glob("*.rs")):
        text = f.read_text()
        for m in re.finditer(r"#\[tauri::command\]\s*(?:#\[[^\]]*\]\s*)*pub (?:async )?fn (\w+)(?:<[^>]*>)?\((.*?)\)\s*->", text, re.S):
            name, args = m.group(1), m.group(2)
            names = []
            depth = 0
            part = ""
            for ch in args + ",":
                if ch in "<([":
                    depth += 1
                elif ch in ">)]":
                    depth -= 1
                if ch == "," and depth == 0:
                    p = part.strip()
                    part = ""
                    if not p:
                        continue
                    pname, ptype = p.split(":", 1)
                    if not any(k in ptype for k in INJECTED):
                        names.append(camel(pname.strip().lstrip("_")))
                else:
                    part += ch
            params[name] = names
    return [(n, params[n], n in dev) for n in order]


def main():
    lines = [
        "// The window's contract with Rust: one function per Tauri command, with the",
        "// arguments the command takes. Views call these, never `call('…')` with a name",
        "// of their own. Written by scripts/ui-commands.py from src-tauri/src/commands/;",
        "// tests/ui_contract.rs keeps the two equal. Do not edit by hand.",
        "import { call } from './api.js';",
        "",
    ]
    for name, args, dev in commands():
        fn = camel(name)
        note = " // test and bench builds only" if dev else ""
        if args:
            # a JavaScript reserved word (`new`) cannot be a variable: bind it renamed
            binds = ", ".join(f"{a}: {a}Value" if a in RESERVED else a for a in args)
            sends = ", ".join(f"{a}: {a}Value" if a in RESERVED else a for a in args)
            lines.append(f"export const {fn} = ({{ {binds} }} = {{}}) => call('{name}', {{ {sends} }});{note}")
        else:
            lines.append(f"export const {fn} = () => call('{name}');{note}")
    OUT.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
