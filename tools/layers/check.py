#!/usr/bin/env python3
"""The core's module graph: which module uses which (from `use crate::…`, `crate::…` paths
and `super::…`; comments, strings and unit tests ignored), checked for import loops and for
a module that uses one of a higher layer. CI runs it (scripts/test.sh), so neither can come
back; ARCHITECTURE.md (its invariant on layers) describes the layers below.

Usage: python3 tools/layers/check.py [--graph]   exit 1 on a loop or an upward use, printing it
"""
import os
import re
import sys

# Bottom to top. A module may use its own layer (without a loop) and the ones below.
LAYERS = [
    ("vocabulary", ["text", "maps", "names", "report", "prepared"]),
    ("syntax", ["http", "grammar", "headers", "headers::*", "frames", "errors", "accept", "highlight"]),
    ("readers", ["input", "input::*"]),
    ("rules", ["rules", "rules::*"]),
    ("explanations", ["explain", "expected", "clients", "software", "redact"]),
    ("exchange", ["check"]),
    ("api", ["lib", "probe", "suite"]),
]
# Uses that point up a layer, each with its reason. Keep it empty, or at most one.
UPWARD_ALLOWED = {}

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "crates", "wslens-core", "src")


def modules():
    found = {}
    for folder, _, files in os.walk(ROOT):
        for name in files:
            if name.endswith(".rs"):
                path = os.path.join(folder, name)
                found[os.path.relpath(path, ROOT)[:-3].replace(os.sep, "::")] = path
    return found


def strip(text):
    """The code without comments (line, block, nested), string, byte-string, raw-string or
    character-literal contents, read left to right in one pass; lifetimes stay."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            i = text.find("\n", i)
            i = n if i < 0 else i
        elif text.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if text.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif text.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
        elif re.match(r'b?r#*"', text[i:i + 8]) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            m = re.match(r'b?r(#*)"', text[i:])
            end = text.find('"' + m.group(1), i + m.end())
            i = n if end < 0 else end + 1 + len(m.group(1))
            out.append('""')
        elif c == '"' or (c == "b" and text.startswith('b"', i) and (i == 0 or not text[i - 1].isalnum())):
            i += 2 if c == "b" else 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
            i += 1
            out.append('""')
        elif c == "'":
            # A character literal ('a', '\n', '\u{1F600}', '"'); otherwise a lifetime.
            m = re.match(r"'(\\(?:u\{[0-9a-fA-F]+\}|x[0-9a-fA-F]{2}|.)|[^\\'])'", text[i:])
            if m:
                i += m.end()
                out.append("' '")
            else:
                out.append(c)
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def code_of(path):
    """A module's code without comments, literals or its unit tests."""
    code = strip(open(path, encoding="utf-8").read())
    return re.split(r"#\[cfg\(test\)\]\s*(?:#\[[^\]]*\]\s*)*mod \w+", code)[0]


def expand(prefix, tree):
    """`a::{b, c::{d}}` → `a::b`, `a::c::d`."""
    tree = tree.strip()
    if tree.startswith("{") and tree.endswith("}"):
        items, depth, current = [], 0, ""
        for ch in tree[1:-1]:
            depth += ch == "{"
            depth -= ch == "}"
            if ch == "," and depth == 0:
                items.append(current)
                current = ""
            else:
                current += ch
        items.append(current)
        return [path for item in items if item.strip() for path in expand(prefix, item)]
    if "::{" in tree:
        head, rest = tree.split("::{", 1)
        return expand(prefix + head + "::", "{" + rest)
    return [prefix + tree]


def graph():
    mods = modules()

    def resolve(path):
        parts = path.split("::")
        for i in range(len(parts), 0, -1):
            if "::".join(parts[:i]) in mods:
                return "::".join(parts[:i])
        # An item of the crate's root (`crate::counted`, `crate::Options`).
        return "lib" if parts[0] not in ("self", "super", "") else None

    edges = {}
    for module, path in mods.items():
        code = code_of(path)
        used = []
        for tree in re.findall(r"use\s+crate::([^;]+);", code, re.S):
            used += expand("", re.sub(r"\s", "", tree))
        used += re.findall(r"crate::([A-Za-z_][A-Za-z_0-9]*(?:::[a-z_][a-z_0-9]*)*)", code)
        # A module names its child modules, and the root its modules, by their own names
        # (`check::exchange`, `pcap::read`).
        for name in re.findall(r"(?<![:\w])([a-z_][a-z_0-9]*)::", code):
            child = name if module == "lib" else f"{module}::{name}"
            if child in mods:
                used.append(child)
        parent = module.rsplit("::", 1)[0] if "::" in module else ""
        for tree in re.findall(r"use\s+super::([^;]+);", code, re.S):
            used += [f"{parent}::{p}" if parent else p for p in expand("", re.sub(r"\s", "", tree))]
        used += [f"{parent}::{p}" if parent else p for p in re.findall(r"super::([a-z_][a-z_0-9]*)", code)]
        targets = {resolve(u) for u in used} - {None, module}
        # A child's use of its parent (`rules::request` → `rules`) is kept: the parent holds
        # what its rules share, and must not use them back.
        edges[module] = sorted(targets)
    return edges


def loops(edges):
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, []):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def layer_of(module):
    for rank, (_, members) in enumerate(LAYERS):
        for member in members:
            if module == member or (member.endswith("::*") and module.startswith(member[:-1])):
                return rank
    return None


def upward(edges):
    """Uses of a module in a higher layer, and modules in no layer."""
    out = []
    for module, targets in sorted(edges.items()):
        rank = layer_of(module)
        if rank is None:
            out.append(f"{module} is in no layer: add it to LAYERS")
            continue
        for target in targets:
            if layer_of(target) is not None and layer_of(target) > rank and (module, target) not in UPWARD_ALLOWED:
                out.append(f"{module} ({LAYERS[rank][0]}) uses {target} ({LAYERS[layer_of(target)][0]})")
    return out


def main():
    edges = graph()
    if "--graph" in sys.argv:
        for module in sorted(edges):
            print(f"{module} -> {' '.join(edges[module])}")
    found = loops(edges)
    for component in found:
        inside = [f"{a} -> {b}" for a in component for b in edges[a] if b in component]
        print("import loop: " + ", ".join(component) + "\n  " + "\n  ".join(inside))
    ups = upward(edges)
    for line in ups:
        print("upward use: " + line)
    if found or ups:
        sys.exit(1)
    print(f"layers: {len(edges)} modules of wslens-core in {len(LAYERS)} layers, no import loop, no upward use")


if __name__ == "__main__":
    main()
