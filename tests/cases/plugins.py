"""A plugin the tests add to settings.PISHKHAN_PLUGINS to see the registry call it."""

from cases.plugins import Plugin


class PanelPlugin(Plugin):
    name = "test-panel"

    def page_panels(self, case, user):
        return [("test_panel.html", {"word": f"panel for {case.tracking_code}"})]


class PanelActionPlugin(Plugin):
    name = "test-panel-action"

    def panel_actions(self):
        return {"return_to_applicant"}
