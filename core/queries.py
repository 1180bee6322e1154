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
