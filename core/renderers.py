"""How every form widget renders: from the project's templates (so a file box is a Persian
control, not the browser's "Choose File / No file chosen"), and every Jalali date box
(``data-jdp``) with a hint of this year, whichever app declared it."""

from django.forms.renderers import TemplatesSetting

from core.jalali import date_hint


class PishkhanFormRenderer(TemplatesSetting):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget and "data-jdp" in (widget.get("attrs") or {}):
            widget["attrs"] = {**widget["attrs"], "placeholder": date_hint()}
        return super().render(template_name, context, request=request)
