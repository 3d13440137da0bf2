import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.template.backends.jinja2 import Template as JinjaTemplate
from django.test.signals import template_rendered


@pytest.fixture(autouse=True)
def jinja_context_in_responses(monkeypatch):
    # The test client shows a response's template and context (response.context) by the signal
    # that Django's test set-up makes its own engine send; the readers' pages use Jinja2.
    render = JinjaTemplate.render

    def rendered(self, context=None, request=None):
        template_rendered.send(sender=self, template=self, context=context)
        return render(self, context, request)

    monkeypatch.setattr(JinjaTemplate, "render", rendered)


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    # The manifest storage needs `collectstatic` first; tests read static files where they lie.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    # Tests see what rendering does and costs; tests/test_caching.py switches the cache on. The
    # cache would also outlive a test's rolled-back database, so it starts empty.
    settings.PAGE_CACHE_SECONDS = 0
    cache.clear()


@pytest.fixture(autouse=True)
def no_login_throttling(settings):
    # django-axes needs the request that the test client's login() does not pass; the
    # throttling itself is tested with it switched back on (tests/test_login_throttling.py).
    settings.AXES_ENABLED = False
    settings.AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("ed", password="ed-password-123", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("boss", password="boss-password-123")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client
