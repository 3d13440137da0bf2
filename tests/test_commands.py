import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command


@pytest.mark.django_db
def test_create_editor_makes_a_staff_editor_whose_printed_password_works(client, capsys):
    call_command("create_editor")
    output = capsys.readouterr().out
    password = re.search(r"with password: (\S+)", output).group(1)
    user = get_user_model().objects.get(username="editor")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Editors"]
    assert client.login(username="editor", password=password)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_create_editor_leaves_an_existing_account_alone(capsys):
    call_command("create_editor")
    first = get_user_model().objects.get(username="editor").password
    capsys.readouterr()
    call_command("create_editor")
    output = capsys.readouterr().out
    assert "already exists" in output
    assert "password:" not in output
    assert get_user_model().objects.get(username="editor").password == first
