import pytest


@pytest.fixture
def file_for_answer(city, login_api):
    """A builder of notary inquiries of district 1 waiting for the municipal staff's answer (over HTTP)."""
    from tests.letters.helpers import to_municipal_review

    return lambda: to_municipal_review(login_api, officer=city.officer, reviewer=city.manager, inspector=city.inspector)
