#!/usr/bin/env python3
"""Open N idle WebSocket connections to a tickgate gateway on loopback and hold them, to measure the gateway's memory
per idle connection. Each answers the server's pings as every real client does (the gateway closes a peer that
stays silent past --peer-timeout-ms). Prints 'open N' when all are open, then holds them for HOLD seconds and exits.

usage: perf/scripts/idle-connections.py PORT N [HOLD_SECONDS] [SOURCE_ADDRESSES]
"""
import asyncio
import base64
import os
import sys


async def open_one(port: int, source: str, held: list) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
    key = base64.b64encode(os.urandom(16)).decode()
    writer.write((f"GET /stream HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                  f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    await writer.drain()
    status = await reader.readuntil(b"\r\n\r\n")
    if b" 101 " not in status.split(b"\r\n")[0]:
        raise RuntimeError(status[:80])
    held.append((reader, writer))
    asyncio.ensure_future(answer_pings(reader, writer))


async def answer_pings(reader, writer) -> None:
    """Read server frames; answer each ping with a masked pong carrying its payload."""
    try:
        while True:
            head = await reader.readexactly(2)
            length = head[1] & 0x7F
            if length == 126:
                length = int.from_bytes(await reader.readexactly(2), "big")
            elif length == 127:
                length = int.from_bytes(await reader.readexactly(8), "big")
            payload = await reader.readexactly(length)
            if head[0] & 0x0F == 0x9:
                mask = os.urandom(4)
                writer.write(bytes([0x8A, 0x80 | len(payload)]) + mask +
                             bytes(b ^ mask[i & 3] for i, b in enumerate(payload)))
    except (asyncio.IncompleteReadError, ConnectionError):
        pass


async def main() -> None:
    port, count = int(sys.argv[1]), int(sys.argv[2])
    hold = float(sys.argv[3]) if len(sys.argv) > 3 else 30.0
    sources = int(sys.argv[4]) if len(sys.argv) > 4 else 4
    held: list = []
    batch = 200
    for start in range(0, count, batch):
        await asyncio.gather(*(open_one(port, f"127.0.0.{1 + i % sources}", held)
                               for i in range(start, min(count, start + batch))))
    print(f"open {len(held)}", flush=True)
    await asyncio.sleep(hold)
    for _, writer in held:
        writer.close()


if __name__ == "__main__":
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))
    asyncio.run(main())
