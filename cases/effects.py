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
