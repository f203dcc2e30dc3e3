"""Password guessing is slowed down: after 10 wrong passwords within a minute for one
account, or from one client address, further attempts get 429 with Retry-After until the
window moves on (the `limits` library's moving window, kept in this server's memory)."""

from __future__ import annotations

import math
import time

from fastapi import HTTPException
from limits import RateLimitItemPerMinute, storage, strategies

FAILURES_PER_MINUTE = 10


class LoginThrottle:
    def __init__(self, per_minute: int = FAILURES_PER_MINUTE) -> None:
        self._item = RateLimitItemPerMinute(per_minute)
        self._limiter = strategies.MovingWindowRateLimiter(storage.MemoryStorage())

    def _keys(self, username: str, address: str) -> tuple[str, str]:
        return f"account:{username.strip().lower()}", f"address:{address}"

    def check(self, username: str, address: str) -> None:
        """Raise 429 (with Retry-After) while the account or the address is held back."""
        for key in self._keys(username, address):
            if not self._limiter.test(self._item, key):
                stats = self._limiter.get_window_stats(self._item, key)
                wait = max(1, math.ceil(stats.reset_time - time.time()))
                raise HTTPException(
                    429,
                    f"Nhập sai mật khẩu quá nhiều lần; hãy thử lại sau {wait} giây",
                    headers={"Retry-After": str(wait)},
                )

    def failed(self, username: str, address: str) -> None:
        for key in self._keys(username, address):
            self._limiter.hit(self._item, key)
