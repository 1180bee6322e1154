"""History rows store their action as a code (``cases.models.ACTION_CODES``), like their states and role.

The action's name took some sixteen bytes of each of the five or six rows a file has; its code takes two.
Nothing the rows say changes (the hash covers the name, which reads back the same), so every history
hash still verifies.

On PostgreSQL one ``ALTER TABLE`` (one rewrite of the table). Elsewhere the names become their codes
in place and the column is then retyped the usual way (SQLite remakes the table). Both ways back are here.
"""

from django.db import migrations, models

import core.codes

TABLE = "cases_transition"
# A frozen copy of cases.models.ACTION_CODES as it stands at this migration.
ACTION_CODES = {
    "register": 1,
    "submit": 2,
    "accept": 3,
    "return_to_applicant": 4,
    "resubmit": 5,
    "assign_inspector": 6,
    "submit_visit_report": 7,
    "complete_plan_review": 8,
    "refer_to_commission": 9,
    "record_commission_decision": 10,
    "issue_response": 11,
    "instant_answer": 12,
    "reject": 13,
    "cancel": 14,
    "extend_deadline": 15,
    "correction_answered": 40,
    "correction_reviewed": 41,
    "correct_visit_report": 42,
    "correct_letter": 43,
    "followup_call": 44,
    "followup_sms": 45,
    "followup_reminder": 46,
    "followup_escalation": 47,
}
NAME = models.CharField(max_length=40, verbose_name="action")
CODE = core.codes.CodeField(codes=ACTION_CODES, verbose_name="action")


def _to_codes():
    return "CASE \"action\" " + " ".join(f"WHEN '{name}' THEN {code}" for name, code in ACTION_CODES.items()) + " END"


def _to_names():
    return "CASE \"action\" " + " ".join(f"WHEN {code} THEN '{name}'" for name, code in ACTION_CODES.items()) + " END"


def _retype(apps, schema_editor, old, new):
    model = apps.get_model("cases", "Transition")
    old, new = old.clone(), new.clone()
    old.set_attributes_from_name("action")
    new.set_attributes_from_name("action")
    old.model = new.model = model
    schema_editor.alter_field(model, old, new)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'ALTER TABLE "{TABLE}" ALTER COLUMN "action" TYPE smallint USING ({_to_codes()})')
        return
    schema_editor.execute(f'UPDATE "{TABLE}" SET "action" = {_to_codes()}')  # noqa: S608
    _retype(apps, schema_editor, NAME, CODE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'ALTER TABLE "{TABLE}" ALTER COLUMN "action" TYPE varchar(40) USING ({_to_names()})')
        return
    _retype(apps, schema_editor, CODE, NAME)
    schema_editor.execute(f'UPDATE "{TABLE}" SET "action" = {_to_names()}')  # noqa: S608


class Migration(migrations.Migration):
    dependencies = [("cases", "0018_fewer_indexes")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AlterField(model_name="transition", name="action", field=CODE)],
            database_operations=[migrations.RunPython(forwards, backwards)],
        ),
    ]
