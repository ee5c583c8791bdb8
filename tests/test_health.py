"""The bot's /healthz: probed once per interval, however many ask."""

from __future__ import annotations

import asyncio

import aiohttp

from bot.ops.health import Check, HealthServer, Metrics


async def test_health_is_probed_once_per_interval_however_many_gets():
    calls = 0

    async def probe():
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.05)
        return None

    server = HealthServer(Metrics(), [Check("classifier", probe)], "127.0.0.1", 0, cache_s=60)
    await server.start()
    try:
        async with aiohttp.ClientSession() as session:

            async def get() -> int:
                async with session.get(f"http://127.0.0.1:{server.port}/healthz") as r:
                    return r.status

            statuses = await asyncio.gather(*(get() for _ in range(50)))
        assert statuses == [200] * 50 and calls == 1
    finally:
        await server.stop()
