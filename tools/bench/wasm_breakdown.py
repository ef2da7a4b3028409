#!/usr/bin/env python3
"""Where the bytes of a .wasm go: code by crate (from the name section's mangled names) and
data, raw and gzip -9, to decide what to cut for the size budgets (docs/performance.md).

Usage: python3 tools/bench/wasm_breakdown.py FILE.wasm [TOP]
Use a wasm that still has its name section: the cargo output under
target/wasm32-unknown-unknown/<profile>/, before wasm-bindgen and wasm-opt.
"""
import collections
import gzip
import re
import sys


def leb(data, at):
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def sections(data):
    at = 8
    while at < len(data):
        kind = data[at]
        size, body = leb(data, at + 1)
        yield kind, data[body:body + size]
        at = body + size


def crate_of(name):
    """The crate a function's mangled name belongs to (for a trait impl, the implementing
    type's crate)."""
    if name.startswith("__wbindgen_describe"):
        return "(wasm-bindgen descriptors)"
    m = re.match(r"_ZN(\d+)", name)
    if m:
        ident = name[m.end():m.end() + int(m.group(1))]
        if ident.startswith("_$LT$"):
            inner = re.match(r"_\$LT\$(?:impl\$u20\$)?([A-Za-z_0-9]+)", ident)
            return inner.group(1) if inner else "(impl)"
        return ident
    m = re.match(r"_R\w*?C[a-zA-Z0-9]*?_?(\d+)([a-z_][a-z_0-9]*)", name)
    if m:
        return m.group(2)[: int(m.group(1))]
    # Demangled, as wasm-bindgen writes them: `crate::path`, `<crate::Type as Trait>::f`.
    m = re.match(r"<*([A-Za-z_][A-Za-z_0-9]*)", name)
    if m and "::" in name:
        return m.group(1)
    return "(unnamed)"


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    data = open(path, "rb").read()
    imported = 0
    bodies = []
    names = {}
    data_bytes = b""
    for kind, body in sections(data):
        if kind == 2:  # imports: functions are numbered after them
            count, at = leb(body, 0)
            for _ in range(count):
                for _ in range(2):
                    n, at = leb(body, at)
                    at += n
                desc = body[at]
                at += 1
                if desc == 0:
                    imported += 1
                    _, at = leb(body, at)
                elif desc in (1, 2):
                    # A table (its element type, then limits) or a memory (limits).
                    at += 1 if desc == 1 else 0
                    flags = body[at]
                    _, at = leb(body, at + 1)
                    if flags & 1:
                        _, at = leb(body, at)
                elif desc == 3:
                    at += 2
        elif kind == 10:
            count, at = leb(body, 0)
            for _ in range(count):
                size, start = leb(body, at)
                bodies.append(body[start:start + size])
                at = start + size
        elif kind == 11:
            data_bytes += body
        elif kind == 0:
            n, at = leb(body, 0)
            if body[at:at + n] != b"name":
                continue
            at += n
            while at < len(body):
                sub = body[at]
                size, start = leb(body, at + 1)
                if sub == 1:
                    count, p = leb(body, start)
                    for _ in range(count):
                        index, p = leb(body, p)
                        ln, p = leb(body, p)
                        names[index] = body[p:p + ln].decode("utf-8", "replace")
                        p += ln
                at = start + size
    by_crate = collections.defaultdict(list)
    for i, code in enumerate(bodies):
        by_crate[crate_of(names.get(imported + i, "(unnamed)"))].append(code)
    total = len(gzip.compress(data, 9))
    print(f"{path}: {len(data)} B raw, {total} B gzip -9 (names included)")
    rows = []
    for crate, codes in by_crate.items():
        blob = b"".join(codes)
        rows.append((len(gzip.compress(blob, 9)), len(blob), len(codes), crate))
    rows.sort(reverse=True)
    print(f"{'crate':32} {'functions':>9} {'code B':>9} {'gzip B':>8}")
    for gz, raw, n, crate in rows[:top]:
        print(f"{crate:32} {n:9} {raw:9} {gz:8}")
    print(f"{'data section':32} {'':9} {len(data_bytes):9} {len(gzip.compress(data_bytes, 9)):8}")


if __name__ == "__main__":
    main()
