"""Statements compiled once: for the lookups and inserts a hot path makes on every request.

Django compiles a statement's SQL afresh each time it runs. For a one-row lookup by an indexed
column, or the INSERT of one row, that compilation is most of the cost (an inquiry's duplicate
check: 0.5 ms of ORM for a query SQLite answers in 0.03 ms; its three INSERTs: about 1 ms of ORM
around 0.2 ms in SQLite).

- A `PreparedQuery` builds its queryset once per database and shape with a placeholder for each
  value, keeps the SQL and parameters the ORM made of it, and runs them again with the values in
  the placeholders' places; each row becomes an instance through `Model.from_db`, with the ORM's
  own column conversions.
- `insert_rows` is `Model.save()`'s INSERT (what `QuerySet._insert` does for one object) with the
  statement kept per database, model and columns: the values are still made by each field
  (`pre_save`, `get_db_prep_save`) and the returned columns converted as the ORM converts them.
  Models opt in through `apps.core.models.PreparedInsertModel`; signals, validation and
  everything else of `save()` are Django's own."""

from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import AutoField, QuerySet
from django.db.models.sql import InsertQuery


class PreparedQuery:
    """`build(**placeholders)` returns the queryset, given a placeholder (a string no caller can
    send) for each named value; `rows(**values)` runs it, passing each value to the database as it
    is (give what the column stores: a string, a number). A value left out (None) changes the
    query's shape, so `build` sees only the names given; `for_update` adds SELECT ... FOR UPDATE
    (where the database has it: run it inside a transaction, as the ORM requires). The queryset
    selects one model's own columns (no `select_related`, no annotations)."""

    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self._compiled: dict[tuple, tuple[type, str, list, dict[int, str], list[str], list]] = {}

    def _compile(self, alias: str, names: tuple[str, ...], for_update: bool):
        shape = (alias, connections[alias].vendor, names, for_update)
        compiled = self._compiled.get(shape)
        if compiled is None:
            placeholders = {name: f"\x00prepared:{name}\x00" for name in names}
            queryset = self.build(**placeholders)
            if for_update:
                queryset = queryset.select_for_update()
            compiler = queryset.query.get_compiler(using=alias)
            sql, params = compiler.as_sql()
            names_of = {placeholder: name for name, placeholder in placeholders.items()}
            slots = {
                index: names_of[param]
                for index, param in enumerate(params)
                if isinstance(param, str) and param in names_of
            }
            if sorted(slots.values()) != sorted(names):
                raise ValueError(f"each value must be a parameter of the query exactly once: {names} in {params}")
            info = compiler.klass_info
            if not info or info.get("related_klass_infos") or compiler.annotation_col_map:
                raise ValueError("a prepared query selects one model's own columns")
            columns = compiler.select[info["select_fields"][0] : info["select_fields"][-1] + 1]
            if len(columns) != compiler.col_count:
                raise ValueError("a prepared query selects one model's own columns")
            attnames = [column[0].target.attname for column in columns]
            converters = _converters(compiler, [column[0] for column in columns])
            compiled = (info["model"], sql, list(params), slots, attnames, converters)
            self._compiled[shape] = compiled
        return compiled

    def rows(self, *, using: str = DEFAULT_DB_ALIAS, for_update: bool = False, **values) -> list:
        given = {name: value for name, value in values.items() if value is not None}
        model, sql, params, slots, attnames, converters = self._compile(using, tuple(sorted(given)), for_update)
        params = list(params)
        for index, name in slots.items():
            params[index] = given[name]
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return [model.from_db(using, attnames, row) for row in _converted(rows, converters, connection)]

    def first(self, **kwargs):
        rows = self.rows(**kwargs)
        return rows[0] if rows else None


def _converters(compiler, expressions) -> list:
    """The ORM's conversions of a row's columns: [(position, converters, expression)]."""
    return [(position, *found) for position, found in compiler.get_converters(expressions).items()]


def _converted(rows, converters, connection):
    """`SQLCompiler.apply_converters`, with the connection of the thread that runs the statement."""
    if not converters:
        return rows
    converted = []
    for row in rows:
        row = list(row)
        for position, functions, expression in converters:
            value = row[position]
            for function in functions:
                value = function(value, expression, connection)
            row[position] = value
        converted.append(row)
    return converted


_inserts: dict[tuple, tuple | None] = {}


def insert_rows(obj, *, model, using: str, fields: list, returning_fields, raw: bool) -> list | None:
    """What `model._base_manager._insert([obj], fields, returning_fields, using=using, raw=raw)`
    returns (Django's `Model._do_insert`; `model` is the table's: `obj`'s own or, under multi-table
    inheritance, a parent's), from a statement compiled once per database, model and columns.
    None when a value is an SQL expression (F(), a database default): the caller lets the ORM
    insert the row, its SQL made for it."""
    if any(hasattr(getattr(obj, field.attname), "resolve_expression") for field in fields):
        return None
    values = [getattr(obj, field.attname) if raw else field.pre_save(obj, add=True) for field in fields]
    if any(hasattr(value, "resolve_expression") for value in values):
        return _compiled_for_this_row(obj, model, using, fields, returning_fields)  # made by a pre_save
    connection = connections[using]
    returning_fields = list(returning_fields or ())
    key = (model, using, connection.vendor, tuple(fields), tuple(returning_fields))
    compiled = _inserts.get(key, False)
    if compiled is False:
        compiled = _inserts[key] = _compile_insert(obj, model, connection, using, fields, returning_fields)
    if compiled is None:
        return _compiled_for_this_row(obj, model, using, fields, returning_fields)
    sql, returning_params, converters = compiled
    params = [field.get_db_prep_save(value, connection=connection) for field, value in zip(fields, values, strict=True)]
    params.extend(returning_params)
    opts = model._meta
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if not returning_fields:
            return []
        if connection.features.can_return_columns_from_insert:
            rows = [connection.ops.fetch_returned_insert_columns(cursor, returning_params)]
        elif isinstance(returning_fields[0], AutoField):
            rows = [(connection.ops.last_insert_id(cursor, opts.db_table, returning_fields[0].column),)]
        else:
            return []
    return list(_converted(rows, converters, connection))


def _compiled_for_this_row(obj, model, using, fields, returning_fields) -> list:
    """The ORM's own insert of a row whose statement is not kept, from the values the fields have
    just made (`raw`: `pre_save` is not run a second time)."""
    query = InsertQuery(model)
    query.insert_values(fields, [obj], raw=True)
    return query.get_compiler(using=using).execute_sql(returning_fields)


def _compile_insert(obj, model, connection, using, fields, returning_fields) -> tuple | None:
    """(sql, returning params, converters) of one row's INSERT, made by Django's own compiler; None
    where the statement is not the same for every row: a field with its own placeholder, or a
    compiler that makes more than one statement or takes other parameters than one per column."""
    if not fields or any(getattr(field, "get_placeholder", None) for field in fields):
        return None
    query = InsertQuery(model)
    query.insert_values(fields, [obj], raw=True)  # the values are not used: only the statement is kept
    compiler = query.get_compiler(using=using)
    compiler.returning_fields = returning_fields or None
    statements = compiler.as_sql()
    if len(statements) != 1:
        return None
    sql, params = statements[0]
    returning_params = tuple(compiler.returning_params or ())
    if len(params) != len(fields) + len(returning_params):
        return None
    opts = model._meta
    if returning_fields and connection.features.can_return_columns_from_insert:
        columns = [field.get_col(opts.db_table) for field in returning_fields]
    elif returning_fields and isinstance(returning_fields[0], AutoField):
        columns = [returning_fields[0].get_col(opts.db_table)]
    else:
        columns = []
    return sql, returning_params, _converters(compiler, columns)
