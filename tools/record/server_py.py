"""Python websockets echo server for fixture recording: subprotocols chat/superchat, default compression."""
import asyncio
import sys

from websockets.asyncio.server import serve


async def echo(ws):
    async for message in ws:
        await ws.send(message)


async def main(port):
    async with serve(echo, "127.0.0.1", port, subprotocols=["chat", "superchat"]):
        await asyncio.sleep(float(sys.argv[2]) if len(sys.argv) > 2 else 120)


asyncio.run(main(int(sys.argv[1])))
