"""aiohttp echo server for the suite's table (tools/record/servers.py): the framework's
defaults, subprotocols chat and superchat, permessage-deflate on, 127.0.0.1 only.

    python3 tools/record/servers/aiohttp_server.py PORT [SECONDS]   (pip install aiohttp)
"""
import asyncio
import sys

from aiohttp import WSMsgType, web


async def chat(request):
    ws = web.WebSocketResponse(protocols=("chat", "superchat"))
    await ws.prepare(request)
    async for message in ws:
        if message.type == WSMsgType.TEXT:
            await ws.send_str(message.data)
        elif message.type == WSMsgType.BINARY:
            await ws.send_bytes(message.data)
    return ws


async def main(port, seconds):
    app = web.Application()
    app.router.add_get("/chat", chat)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    await asyncio.sleep(seconds)
    await runner.cleanup()


asyncio.run(main(int(sys.argv[1]), float(sys.argv[2]) if len(sys.argv) > 2 else 120))
