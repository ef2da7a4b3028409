#!/usr/bin/env python3
"""Writes a packet capture of SIZE gigabytes (default 4) for `wslens check`: a recorded
WebSocket handshake (the committed Chromium/Node ws capture) followed by one bulk TCP stream,
the shape of a real capture (a little WebSocket, a lot of other traffic), then checks it with
the release CLI under /usr/bin/time and prints the time and the peak memory.

Usage: python3 tools/bench/big_capture.py [SIZE_GB] [OUT.pcap]
(needs target/release/wslens: cargo build --release -p wslens-cli). Not a test: a record.
"""
import os
import pathlib
import struct
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
HANDSHAKE = ROOT / "crates/wslens-core/tests/fixtures/captured/formats/pcap-lo-ethernet-chromium-node-ws.pcap"
size_gb = float(sys.argv[1]) if len(sys.argv) > 1 else 4.0
out = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "target/big.pcap"

payload = b"x" * 1448
ip_total = 20 + 20 + len(payload)
with open(out, "wb") as f:
    f.write(HANDSHAKE.read_bytes())
    target = int(size_gb * (1 << 30))
    seq = 1
    written = f.tell()
    # 64 packets per write call.
    while written < target:
        block = bytearray()
        for _ in range(64):
            frame = bytes(12) + b"\x08\x00"
            frame += struct.pack("!BBHHHBBH4s4s", 0x45, 0, ip_total, 0, 0x4000, 64, 6, 0, bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
            frame += struct.pack("!HHIIBBHHH", 50001, 50000, seq, 0, 0x50, 0x18, 0xFFFF, 0, 0) + payload
            seq = (seq + len(payload)) & 0xFFFFFFFF
            block += struct.pack("<IIII", 0, 0, len(frame), len(frame)) + frame
        f.write(block)
        written += len(block)
print(f"big_capture: {out} ({os.path.getsize(out) / (1 << 30):.2f} GiB)")

wslens = ROOT / "target/release/wslens"
run = subprocess.run(["/usr/bin/time", "-v", str(wslens), "check", str(out)], capture_output=True, text=True)
stats = {}
for line in run.stderr.splitlines():
    key, _, value = line.strip().partition(": ")
    stats[key] = value
verdict = [l for l in run.stdout.splitlines() if l.startswith("verdict:")]
print(f"exit {run.returncode}; {verdict[0] if verdict else run.stdout[-300:]}")
print(f"elapsed {stats.get('Elapsed (wall clock) time (h:mm:ss or m:ss)')}, peak memory {int(stats.get('Maximum resident set size (kbytes)', 0)) / 1024:.0f} MiB")
