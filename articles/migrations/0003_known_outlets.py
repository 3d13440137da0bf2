"""The registry of known outlets the importer matches text evidence against (names, short names,
domains). Editors extend it in the admin; existing rows are never overwritten."""

from django.db import migrations

KNOWN_OUTLETS = [
    # name, short name, domain, kind, country, language
    ("The Korea Daily", "", "koreadaily.com", "newspaper", "United States", "en"),
    ("The Korea Herald", "", "koreaherald.com", "newspaper", "South Korea", "en"),
    ("The Chosun Ilbo", "Chosun", "chosun.com", "newspaper", "South Korea", "ko"),
    ("Asia News Network", "ANN", "asianews.network", "aggregator", "Thailand", "en"),
    ("The Straits Times", "ST", "straitstimes.com", "newspaper", "Singapore", "en"),
    ("New York Parrot", "", "newyorkparrot.com", "aggregator", "United States", "en"),
    ("Drop The Info", "", "droptheinfo.com", "aggregator", "", "en"),
    ("Agence France-Presse", "AFP", "afp.com", "wire", "France", "en"),
    ("The Associated Press", "AP", "apnews.com", "wire", "United States", "en"),
    ("Reuters", "", "reuters.com", "wire", "United Kingdom", "en"),
    ("Yonhap News Agency", "Yonhap", "yna.co.kr", "wire", "South Korea", "ko"),
    ("Kyodo News", "Kyodo", "kyodonews.net", "wire", "Japan", "en"),
    ("Xinhua", "", "xinhuanet.com", "wire", "China", "en"),
]


def add_known_outlets(apps, schema_editor):
    Outlet = apps.get_model("articles", "Outlet")
    for name, short_name, domain, kind, country, language in KNOWN_OUTLETS:
        slug = name.lower().removeprefix("the ").replace(" ", "-")
        if Outlet.objects.filter(domain=domain).exists() or Outlet.objects.filter(slug=slug).exists():
            continue
        Outlet.objects.create(
            name=name,
            short_name=short_name,
            slug=slug,
            domain=domain,
            kind=kind,
            country=country,
            language=language,
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_outlet_short_name_article_versions")]

    operations = [migrations.RunPython(add_known_outlets, migrations.RunPython.noop)]
