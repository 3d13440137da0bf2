import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]


def log_in(client, password):
    return client.post(reverse("admin:login"), {"username": "ed", "password": password})


def test_repeated_failed_logins_lock_the_account_out_even_with_the_right_password(
    client, editor, throttled
):
    assert [log_in(client, "wrong").status_code for _ in range(3)] == [200, 200, 429]
    response = log_in(client, "ed-password-123")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_successful_login_before_the_limit_resets_the_count(client, editor, throttled):
    for _ in range(2):
        log_in(client, "wrong")
    assert log_in(client, "ed-password-123").status_code == 302
    client.logout()
    for _ in range(2):
        log_in(client, "wrong")
    assert log_in(client, "ed-password-123").status_code == 302


def test_the_lockout_of_one_username_does_not_lock_out_another(
    client, editor, superuser, throttled
):
    for _ in range(3):
        log_in(client, "wrong")
    response = client.post(
        reverse("admin:login"), {"username": "boss", "password": "boss-password-123"}
    )
    assert response.status_code == 302
