"""The dashboard's HTTP server: uvicorn, with a deadline on every request.

uvicorn times only the idle gap between two requests (``timeout_keep_alive``): a connection
that sends half a request line, half its headers or half its body and then waits is kept for
ever, and a few hundred of them hold the server (slowloris). ``DeadlineH11Protocol`` gives each
request ``request_timeout_s`` from its first byte (or from the connection's opening) to arrive
whole, headers and body; past it the connection is closed. The app's own time is not counted:
the deadline ends when the request has arrived (the dashboard's forms are a few kilobytes, read
long before uvicorn would pause reading a body the app has not consumed).
"""

from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

# h11's view of the client: the request is whole (or the connection is over)
_ARRIVED = (h11.DONE, h11.MUST_CLOSE, h11.CLOSED, h11.ERROR)


class DeadlineH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose request does not arrive in time."""

    request_timeout_s: float = 10.0

    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()  # a connection that never sends anything is a half-sent request too

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state in _ARRIVED:
            self._disarm()
        else:  # the first bytes of a request (after a keep-alive pause), or more of one
            self._arm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        # between requests uvicorn's keep-alive timer watches the idle connection, and the next
        # request's first bytes arm the deadline (data_received); but a request pipelined behind
        # this one may have begun already, read while the app was busy
        if self.conn.their_state not in _ARRIVED and self.conn.trailing_data[0]:
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        if self._deadline is None:  # a deadline, not an idle timer: trickling does not extend it
            self._deadline = self.loop.call_later(self.request_timeout_s, self._expired)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expired(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.logger.debug(
                "closing %s: its request did not arrive within %ss", self.client, self.request_timeout_s
            )
            self.transport.close()


def deadline_protocol(request_timeout_s: float) -> type[DeadlineH11Protocol]:
    """The protocol class uvicorn builds per connection, with this deadline."""
    return type("DeadlineH11Protocol", (DeadlineH11Protocol,), {"request_timeout_s": request_timeout_s})
