"""Python websockets client: connects, sends "hello", prints `open` or `error: <reason>`."""
import sys

from websockets.sync.client import connect

url = sys.argv[1]
try:
    with connect(url, subprotocols=["chat", "superchat"], origin="http://127.0.0.1", open_timeout=3) as ws:
        ws.send("hello")
        try:
            ws.recv(timeout=1)
        except Exception:
            pass
    print("open")
except Exception as e:  # the handshake failure the library reports
    print(f"error: {e}")
