"""Cases' own effects of workflow actions (named in cases.workflow's table, run by apply_action
under the file's row lock). Each takes (case, data, today) and returns values for the history."""


def record_result(case, data, today):
    """The municipality's answer (approved or denied) is kept on the file."""
    case.result = data["result"]
    return {}


def extend_deadline(case, data, today):
    """The step's deadline moves by ``days`` working days from the later of today and the old deadline."""
    from cases import calendar

    old = case.deadline or today
    case.deadline = calendar.add_days(max(old, today), data["days"], calendar.city_of_case(case))
    return {"old_deadline": old, "new_deadline": case.deadline}


def open_corrections(case, data, today):
    """Returning a file opens its correction items: the new ones, and those the officer asked again."""
    from cases.models import CorrectionItem

    items = data.get("items") or []
    known = list(case.correction_items.values_list("pk", "round", "status"))  # one query
    last = max((row[1] for row in known), default=0)
    reopened = [pk for pk, _round, status in known if status == CorrectionItem.Status.AGAIN]
    if reopened:
        CorrectionItem.objects.filter(pk__in=reopened).update(
            status=CorrectionItem.Status.OPEN, round=last + 1, answered_at=None
        )
    if items:
        CorrectionItem.objects.bulk_create(
            CorrectionItem(case=case, round=last + 1, kind=i["kind"], target=i.get("target", ""), note=i["note"])
            for i in items
        )
    return {"reopened": reopened} if reopened else {}


def close_corrections(case, data, today):
    """A returned file goes back only when every open correction item has its answer."""
    from django.utils.translation import gettext as _

    from cases.models import CorrectionItem
    from core.errors import Conflict
    from core.validators import to_persian_digits

    waiting = case.correction_items.filter(status=CorrectionItem.Status.OPEN).count()
    if waiting:
        raise Conflict(
            "corrections-open",
            _("Answer every correction item first: %(n)s still open.") % {"n": to_persian_digits(waiting)},
        )
    return {}
