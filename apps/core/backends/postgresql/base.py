"""Django's PostgreSQL backend, whose health check asks the socket before it asks the server.

With `CONN_HEALTH_CHECKS` (production), Django checks a persistent connection at the first query of
every request with a `SELECT 1`: a round trip to the server on every request, about as dear as a
statement of the request itself (issue 13).

A connection the server has closed (a restart, `pg_terminate_backend`, an idle timeout, a
proxy hanging up) says so on its socket: the server's last message and its FIN make the socket
readable while the connection is idle. An idle connection whose socket has nothing to read has
nothing to report, and a `SELECT 1` would only confirm it. So the check here polls the socket
without waiting: nothing to read means usable, without a round trip; anything to read (the
server's goodbye, or a notice that arrived while idle) and any connection not idle get Django's
own `SELECT 1`, which reads it and decides. A connection that psycopg already knows is broken is
unusable at once.

What it cannot see, a `SELECT 1` could not see sooner either: a peer gone without a word (a host
that lost power) answers neither until TCP gives up on it."""

import select

from django.db.backends.postgresql import base
from psycopg import pq


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        if connection.pgconn.transaction_status != pq.TransactionStatus.IDLE or _readable(connection):
            return super().is_usable()
        return True


def _readable(connection) -> bool:
    """Whether the server has sent anything (or hung up) on this idle connection: a poll that does
    not wait. Any doubt (no socket to ask) counts as something to read."""
    try:
        poller = select.poll()
        poller.register(connection.fileno(), select.POLLIN | select.POLLPRI)
        return bool(poller.poll(0))
    except Exception:  # a socket we cannot ask: ask the server
        return True
