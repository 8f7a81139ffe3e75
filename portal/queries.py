"""Small queries that every page (or a busy one) runs, compiled to SQL once.

Building a queryset and compiling it to SQL is most of what a small query costs
in Python (several hundred calls for a filter and a join), far more than the
database takes to answer it; yet for the same shape (the same filters, the same
number of values in each list) the SQL is the same on every request and only its
parameters differ. ``CompiledOnce`` builds and compiles the ORM's query the first
time a shape is asked for in a process, with stand-ins for the values (distinct
negative numbers, which no row's id is; moments in the year 1001), traces each parameter back to the value
it stands for, and from then on sends the kept SQL with each call's values. The
rows come back as the ORM's would (its converters applied: a date, a decimal, a
yes/no as the field gives it on this database).

What a kept SQL depends on: the query's code (the process's), the database's
kind and the lengths of the lists given; a change of settings forgets it
(``portal.cache.Remembered``). Only for values_list() queries whose values are
ids (whole numbers, or lists of them, never empty: the ORM answers an empty list
without asking the database) or moments, the viewer's id among them: the query
is the ORM's own, so it stays as scoped as the function that builds it."""

from datetime import UTC, datetime, timedelta
from functools import cache
from itertools import count

from django.db import DEFAULT_DB_ALIAS, connections

from portal.cache import Remembered

# Stand-ins for the values while the query is compiled: negative numbers (never an
# id) and moments in the year 1001 (never a date the portal keeps).
_FIRST_STAND_IN = -(2**40)
_FIRST_MOMENT = datetime(1001, 1, 1, tzinfo=UTC)


class CompiledOnce:
    """``build(**values)`` returns a values_list() queryset; ``rows(**values)`` its
    rows (lists, in the order of the values_list), from SQL compiled once a shape.
    The values: ids, lists of ids, or aware datetimes (a moment such as now)."""

    def __init__(self, build):
        self.build = build
        self.kept = Remembered(most=64)

    def rows(self, **values) -> list[list]:
        connection = connections[DEFAULT_DB_ALIAS]
        shape = (connection.vendor, *_lengths(values))
        compiled = self.kept.get(shape)
        if compiled is None:
            compiled = self._compiled(connection, values)
            self.kept.put(shape, compiled)
        sql, slots, compiler, converters = compiled
        given = {name: _adapted(connection, value) for name, value in values.items()}
        params = [
            given[name][index] if index is not None else given[name] if name else p
            for name, index, p in slots
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            return list(compiler.apply_converters(rows, converters))
        return rows

    def _compiled(self, connection, values):
        stand_ins, traced = _stand_ins(connection, values)
        compiler = self.build(**stand_ins).query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        # A parameter is a stand-in's value (one may be sent twice), or a constant
        # of the query's own.
        slots = [
            traced.get(p, ("", None, p)) if _traceable(p) else ("", None, p)
            for p in params
        ]
        unused = traced.keys() - {p for p in params if _traceable(p)}
        if unused:  # a value the SQL does not take as a parameter of its own
            raise ValueError(
                f"CompiledOnce: not a parameter: {sorted(map(str, unused))}"
            )
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        return sql, slots, compiler, compiler.get_converters(fields)


def _stand_ins(connection, values: dict):
    """A stand-in for each value (a list of them for a list), and what each stands
    for as the database is sent it: (name, index in its list or None, None)."""
    numbers = count(_FIRST_STAND_IN, -1)
    stand_ins, traced = {}, {}
    for name, given in values.items():
        if isinstance(given, datetime):
            stand_ins[name] = _FIRST_MOMENT + timedelta(microseconds=-next(numbers))
            traced[_adapted(connection, stand_ins[name])] = (name, None, None)
        elif isinstance(given, int):
            stand_ins[name] = next(numbers)
            traced[stand_ins[name]] = (name, None, None)
        else:
            stand_ins[name] = [next(numbers) for _ in given]
            for index, number in enumerate(stand_ins[name]):
                traced[number] = (name, index, None)
    return stand_ins, traced


def _adapted(connection, value):
    """A moment as this database is sent it (SQLite: text in UTC)."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def _traceable(param) -> bool:
    return type(param) in (int, str, datetime)


def _lengths(values: dict):
    for name, given in sorted(values.items()):
        if isinstance(given, datetime) and given.tzinfo is not None:
            yield name, None
        elif isinstance(given, bool) or not isinstance(given, int | list | tuple):
            raise TypeError(
                f"CompiledOnce: {name} must be an id, a list of ids or an aware moment"
            )
        else:
            yield name, None if isinstance(given, int) else len(given)


def loaded(model, values: dict):
    """An instance as the ORM gives one read with only(): what was not read is
    deferred (from_db takes the values in the order of the model's fields)."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(DEFAULT_DB_ALIAS, names, [values[name] for name in names])


# --- rows with the rows they are joined to, as select_related() gives them --------


def _relation(model, name: str):
    """The model at the end of one step of a select_related() path, what sets the
    joined instance (or None) on the instance it belongs to, and for a one-to-one
    step what sets that instance back on the joined one (as select_related() does):
    a foreign key or one-to-one field of the model's, or the reverse side of
    another model's one-to-one field."""
    field = model._meta.get_field(name)
    if not (field.many_to_one or field.one_to_one):
        raise TypeError(f"{model.__name__}.{name}: not a single row")
    back = field.remote_field.set_cached_value if field.one_to_one else None
    return field.related_model, field.set_cached_value, back


@cache
def _joined(model, related: tuple[str, ...]):
    """For ``model`` and select_related() paths: the values_list() names reading
    the model's fields then, per path, the fields of the model it leads to; and
    per path, the model it leads to, its fields, where its primary key and its
    columns are, the instance its step belongs to (an index into the instances
    built, 0 being the model's own) and its two setters (``_relation``)."""
    own = [field.attname for field in model._meta.concrete_fields]
    names = list(own)
    steps, ends = [], {"": (model, 0)}
    # "lesson__unit" joins the lesson too, as select_related() does.
    paths = dict.fromkeys(
        "__".join(parts[:n])
        for parts in (path.split("__") for path in related)
        for n in range(1, len(parts) + 1)
    )
    for path in paths:
        parent, _, name = path.rpartition("__")
        owner, owner_index = ends[parent]
        target, setter, back = _relation(owner, name)
        fields = [field.attname for field in target._meta.concrete_fields]
        start = len(names)
        names += [f"{path}__{attname}" for attname in fields]
        ends[path] = (target, len(steps) + 1)
        key = fields.index(target._meta.pk.attname)
        steps.append(
            (target, fields, key, start, len(names), owner_index, setter, back)
        )
    return tuple(names), own, tuple(steps)


def joined_columns(model, related: tuple[str, ...] = ()) -> tuple[str, ...]:
    """What a values_list() reads to give ``joined`` a row of the model with the
    rows ``related`` (select_related() paths) leads to."""
    return _joined(model, related)[0]


def joined(model, related: tuple[str, ...], row):
    """An instance of the model from a row of ``joined_columns(model, related)``
    (its own columns first, then any extra ones: ``joined`` ignores them), with
    each related instance set as select_related() sets it: None where the join
    found no row (a nullable key, or a reverse one-to-one with nothing on the
    other side)."""
    _names, own, steps = _joined(model, related)
    made = [loaded(model, dict(zip(own, row, strict=False)))]
    for target, fields, key, start, end, owner_index, setter, back in steps:
        owner = made[owner_index]
        values = row[start:end]
        instance = None
        if owner is not None:
            if values[key] is not None:
                instance = loaded(target, dict(zip(fields, values, strict=True)))
                if back is not None:
                    back(instance, owner)
            setter(owner, instance)
        made.append(instance)
    return made[0]
