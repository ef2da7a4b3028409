#!/usr/bin/env python3
"""Times `wslens check` against `tshark -r FILE -Y http.upgrade` on the same pcap.

The capture is the recorded Chromium handshake plus a bulk TCP stream of SIZE_MB megabytes
between two unregistered ports, the shape of most real captures (benches/formats.rs uses the
same shape). On port 8080, which tshark dissects as HTTP, tshark did not finish 64 MB in
20 minutes. Each run has a 10-minute limit. Both tools run three times;
the medians and their ratio are printed. Needs tshark (apt install tshark) and a release build
(cargo build --release -p wslens-cli).

Usage: python3 tools/bench/tshark_compare.py [SIZE_MB]
"""
import pathlib
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
HANDSHAKE = ROOT / "crates/wslens-core/tests/fixtures/captured/formats/pcap-lo-ethernet-chromium-node-ws.pcap"


def big_pcap(path, mb):
    out = bytearray(HANDSHAKE.read_bytes())
    segment = b"x" * 1448
    seq = 1
    for _ in range((mb << 20) // len(segment)):
        total = 40 + len(segment)
        frame = bytes(12) + b"\x08\x00"
        frame += bytes([0x45, 0, total >> 8, total & 0xFF, 0, 0, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2])
        frame += struct.pack(">HHI", 50001, 50000, seq) + bytes([0, 0, 0, 0, 0x50, 0x18, 0xFF, 0xFF, 0, 0, 0, 0]) + segment
        seq = (seq + len(segment)) & 0xFFFFFFFF
        out += bytes(8) + struct.pack("<II", len(frame), len(frame)) + frame
    path.write_bytes(out)


def median_seconds(cmd, runs=3, limit=600):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        try:
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, timeout=limit)
        except subprocess.TimeoutExpired:
            return float("inf")
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    mb = int(sys.argv[1]) if len(sys.argv) > 1 else 16
    wslens = ROOT / "target/release/wslens"
    if not wslens.exists() or not shutil.which("tshark"):
        sys.exit("needs target/release/wslens (cargo build --release -p wslens-cli) and tshark")
    with tempfile.TemporaryDirectory() as tmp:
        pcap = pathlib.Path(tmp) / "big.pcap"
        big_pcap(pcap, mb)
        size = pcap.stat().st_size / 2**20
        ours = median_seconds([str(wslens), "check", "--format", "pcap", "--json", str(pcap)])
        theirs = median_seconds(["tshark", "-n", "-r", str(pcap), "-Y", "http.upgrade"])
    print(f"capture: {size:.1f} MiB")
    print(f"wslens check: {ours:.3f} s ({size / ours:.0f} MiB/s)")
    print(f"tshark -Y http.upgrade: {theirs:.3f} s ({size / theirs:.0f} MiB/s)")
    print(f"ratio: wslens is {theirs / ours:.1f}x the speed of tshark")


if __name__ == "__main__":
    main()
