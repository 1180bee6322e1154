"""Query shapes every app may use."""

from django.db.models import F, Lookup


class InSubquery(Lookup):
    """``column`` is one of the values a subquery returns, the subquery run once before the query.

    On PostgreSQL ``column = ANY(ARRAY(subquery))``: an init plan whose result the planner takes as a
    parameter, so an index on ``column`` can serve the condition and the subquery's tables stay out of
    the main query's join search (``IN (subquery)`` is pulled up into a semi-join the planner must order
    with every other table, and the values it yields are unknown to the index scan). Elsewhere ``IN``.
    """

    lookup_name = "in_subquery"
    prepare_rhs = False

    def __init__(self, column, queryset):
        super().__init__(F(column), queryset)

    def _sides(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if not rhs.startswith("("):
            rhs = f"({rhs})"
        return lhs, rhs, [*lhs_params, *rhs_params]

    def as_sql(self, compiler, connection):
        lhs, rhs, params = self._sides(compiler, connection)
        return f"{lhs} IN {rhs}", params

    def as_postgresql(self, compiler, connection):
        lhs, rhs, params = self._sides(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", params


def capped_count(queryset, cap):
    """How many rows ``queryset`` has, counting at most ``cap + 1`` of them (``SELECT COUNT(*) FROM (...
    LIMIT cap + 1)``): a list's count then costs what its first pages cost, not the years of rows behind
    them. Only the key is selected, unless the rows are grouped or distinct (then the count needs them)."""
    rows = queryset.order_by()
    query = rows.query
    grouped = query.group_by is not None or any(a.contains_aggregate for a in query.annotations.values())
    if not grouped and not query.distinct:
        # The related rows and columns a page shows would be compiled and joined for nothing.
        rows = rows.values("pk")
    return rows[: cap + 1].count()
