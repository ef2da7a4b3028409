#!/usr/bin/env python3
"""Records how real clients' HTTP parsers take a good 101 written in broken HTTP syntax.

The raw server (server_raw.py) answers each path with a correct handshake (the right accept,
Upgrade, Connection and subprotocol) whose HTTP syntax is wrong in one way: a header line
without a colon, bare LF line endings, a lowercase version, a tab in the status line, no reason
phrase, whitespace before a colon, obs-fold, a bad field name, a control character, HTTP/1.0.
Each real client (Python websockets, Node ws, headless Chromium) connects through the
recording relay of record.py; the bytes go to parsers/<rule>-<client>-<case>.txt and each
client's own verdict is merged into outcomes.json, which the test
`client_profiles_agree_with_recorded_clients` compares with wslens' client profiles.

Everything listens on 127.0.0.1, every loop is bounded, every process is stopped by its PID.
Needs what record.py needs for these clients: python3 with websockets, node with the
repository's node_modules, chromium.

Usage: python3 tools/record/parsers.py [OUTPUT_DIR]
(default: crates/wslens-core/tests/fixtures/captured)
"""
import json
import sys

from record import LOOPBACK, OUT, PROFILE, Processes, Relay, free_port, run_client, wait_port, HERE

# path on the raw server -> (the rule wslens reports, a short name)
CASES = {
    "/no-colon": ("HTTP008", "no-colon"),
    "/bare-lf": ("HTTP001", "bare-lf"),
    "/lowercase-version": ("HTTP017", "lowercase-version"),
    "/tab-status": ("HTTP004", "tab-status"),
    "/no-reason": ("HTTP018", "no-reason"),
    "/space-before-colon": ("HTTP006", "space-before-colon"),
    "/obs-fold": ("HTTP007", "obs-fold"),
    "/bad-field-name": ("HTTP009", "bad-field-name"),
    "/control-char": ("HTTP010", "control-char"),
    "/http10": ("WS227", "http10"),
}
CLIENTS = ["python", "node", "chromium"]


def main():
    procs = Processes()
    outcomes_file = OUT / "outcomes.json"
    outcomes = json.loads(outcomes_file.read_text()) if outcomes_file.exists() else {}
    try:
        raw_port = free_port()
        procs.start(sys.executable, str(HERE / "server_raw.py"), str(raw_port), "300")
        wait_port(raw_port)
        for path, (code, case) in CASES.items():
            for client in CLIENTS:
                relay = Relay(raw_port)
                verdict = run_client(client, f"ws://{LOOPBACK}:{relay.port}{path}")
                name = f"parsers/{code}-{client}-{case}.txt"
                target = OUT / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(relay.transcript())
                outcomes[name] = {"client": client, "profile": PROFILE[client], "server": "raw", "outcome": verdict}
                print(f"{name}: {client} says {verdict}")
        outcomes_file.write_text(json.dumps(outcomes, indent=2, sort_keys=True) + "\n")
    finally:
        procs.stop_all()


if __name__ == "__main__":
    main()
