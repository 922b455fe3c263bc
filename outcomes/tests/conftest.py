import pytest

from api.tests.conftest import Caller


@pytest.fixture
def api_as(signed_in):
    """`api_as(user)`: call the API with a verified session as `user` (as in api/tests)."""
    return lambda user: Caller(signed_in(user))
