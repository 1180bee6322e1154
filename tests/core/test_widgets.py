"""The project's widget templates (templates/django/forms/widgets) write the same HTML as Django's own."""

from django import forms
from django.forms.renderers import DjangoTemplates

from core.renderers import PishkhanFormRenderer


class Sample(forms.Form):
    name = forms.CharField(max_length=20, widget=forms.TextInput(attrs={"class": "form-control", "autofocus": True}))
    kind = forms.ChoiceField(
        choices=[("", "همه"), ("a", 'الف & "ب"'), ("b", "<b>")],
        widget=forms.Select(attrs={"class": "form-select", "disabled": False}),
    )
    grouped = forms.ChoiceField(choices=[("گروه", [("x", "X"), ("y", "Y")]), ("z", "Z")])
    many = forms.MultipleChoiceField(choices=[(1, "یک"), (2, "دو")], required=False)
    late = forms.BooleanField(required=False)
    count = forms.IntegerField(required=False)


def _render(renderer, data):
    form = Sample(data, renderer=renderer)
    return [str(form[name]) for name in form.fields]


def test_widgets_render_as_djangos_own_templates():
    data = {"name": 'x"<y>', "kind": "a", "grouped": "y", "many": ["1", "2"], "late": "on", "count": "7"}
    for given in (data, {}):
        ours = _render(PishkhanFormRenderer(), given)
        django = _render(DjangoTemplates(), given)
        assert ours == django
    rendered = _render(PishkhanFormRenderer(), data)
    assert " autofocus" in rendered[0]
    assert 'value="x&quot;&lt;y&gt;"' in rendered[0]
    assert "disabled" not in rendered[1]
    assert '<option value="a" selected>الف &amp; &quot;ب&quot;</option>' in rendered[1]
    assert " checked" in rendered[4]
