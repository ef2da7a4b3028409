"""Python websockets echo server over TLS (Python's ssl, OpenSSL), for the probe's tests.

    python3 tools/record/server_tls.py PORT CERT.pem KEY.pem [SECONDS]

Subprotocols chat and superchat, default compression; listens on 127.0.0.1 only.
"""
import asyncio
import ssl
import sys

from websockets.asyncio.server import serve


async def echo(ws):
    async for message in ws:
        await ws.send(message)


async def main(port, cert, key, seconds):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    async with serve(echo, "127.0.0.1", port, ssl=context, subprotocols=["chat", "superchat"]):
        await asyncio.sleep(seconds)


asyncio.run(main(int(sys.argv[1]), sys.argv[2], sys.argv[3], float(sys.argv[4]) if len(sys.argv) > 4 else 120))
