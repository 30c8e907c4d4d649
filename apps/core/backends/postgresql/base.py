"""Django's PostgreSQL backend, with two round trips to the server fewer on a request that writes.

## The health check asks the socket before it asks the server

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
that lost power) answers neither until TCP gives up on it.

## A transaction's BEGIN goes with its first statement

Django opens a transaction (`atomic`) by turning psycopg's autocommit off; psycopg then sends
`BEGIN` on its own, a round trip before the transaction's first statement. Here the connection
stays in autocommit at psycopg's level while Django's transaction is open, as Django does for
SQLite (`_start_transaction_under_autocommit`): the transaction is only noted, and the cursor sends
`BEGIN;` in front of its first statement, in one message (the simple query protocol that
psycopg's client-side cursor, Django's default, already uses). psycopg's commit and rollback ask
the server whether a transaction is open and send `COMMIT` or `ROLLBACK` only then: a transaction
that never ran a statement costs nothing. Anything that is not one plain statement (executemany,
COPY, a named cursor, a composed query) sends its `BEGIN` on its own first, as before. With an
isolation level in OPTIONS, psycopg's own BEGIN (which carries it) is kept."""

import select

from django.db.backends.postgresql import base
from psycopg import pq


class Cursor(base.Cursor):
    """Django's psycopg cursor, which opens the transaction its connection owes (`begin_owed`)."""

    def execute(self, query, params=None, **kwargs):
        connection = self.connection
        if not getattr(connection, "begin_owed", False) or not isinstance(query, str) or kwargs:
            _begin_if_owed(self)
            return super().execute(query, params, **kwargs)
        connection.begin_owed = False
        try:
            super().execute("BEGIN;" + query, params)
        except Exception:
            if connection.pgconn.transaction_status != pq.TransactionStatus.IDLE:
                raise  # BEGIN ran and the statement failed: the transaction is aborted, as it would be
            # Rejected whole (a syntax error, parameters psycopg refused): nothing ran, not even
            # BEGIN. As psycopg would: begin, then the statement, which fails the same way inside it.
            super().execute("BEGIN")
            return super().execute(query, params)
        self.nextset()  # the statement's own result, not BEGIN's
        return self

    def executemany(self, *args, **kwargs):
        _begin_if_owed(self)
        return super().executemany(*args, **kwargs)

    def copy(self, *args, **kwargs):
        _begin_if_owed(self)
        return super().copy(*args, **kwargs)

    def stream(self, *args, **kwargs):
        _begin_if_owed(self)
        return super().stream(*args, **kwargs)


def _begin_if_owed(cursor) -> None:
    """`BEGIN` on its own, for what cannot carry it in front (executemany, COPY, a named cursor)."""
    if getattr(cursor.connection, "begin_owed", False):
        cursor.connection.begin_owed = False
        base.Cursor.execute(cursor, "BEGIN")


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        if params.get("cursor_factory") is base.Cursor:
            params["cursor_factory"] = Cursor
        return params

    def _start_transaction_under_autocommit(self):
        """Django's atomic() opening a transaction: noted, and begun with its first statement."""
        connection = self.connection
        if connection.cursor_factory is not Cursor or any(
            getattr(connection, option) is not None for option in ("isolation_level", "read_only", "deferrable")
        ):
            self._set_autocommit(False)  # psycopg's BEGIN, with the isolation level it carries
            return
        if not connection.autocommit:  # turned off outside atomic(): psycopg begins
            return
        connection.begin_owed = True

    def _set_autocommit(self, autocommit):
        self._forget_begin()
        super()._set_autocommit(autocommit)

    def _commit(self):
        self._forget_begin()
        return super()._commit()

    def _rollback(self):
        self._forget_begin()
        return super()._rollback()

    def _close(self):
        self._forget_begin()
        return super()._close()

    def _forget_begin(self):
        if self.connection is not None:
            self.connection.begin_owed = False

    def create_cursor(self, name=None):
        if name and self.connection is not None and getattr(self.connection, "begin_owed", False):
            with self.connection.cursor() as cursor:
                _begin_if_owed(cursor)
        return super().create_cursor(name)

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
