"""A gate a test receiver stops at, so the test can kill the sender while a delivery is in flight."""

from __future__ import annotations

import asyncio
import threading

LONGEST_HOLD = 60.0  # a forgotten release must not hang the suite


class Hold:
    """Stops the first delivery that reaches it until `release()`; later ones pass straight on."""

    def __init__(self) -> None:
        self.reached = threading.Event()
        self.released = threading.Event()

    def wait(self) -> None:
        """In a receiver's thread: say we are here, then wait for the test."""
        self.reached.set()
        self.released.wait(LONGEST_HOLD)

    async def wait_async(self) -> None:
        """In a receiver's event loop (aiosmtpd), without blocking its other sessions."""
        self.reached.set()
        await asyncio.to_thread(self.released.wait, LONGEST_HOLD)

    def release(self) -> None:
        self.released.set()
