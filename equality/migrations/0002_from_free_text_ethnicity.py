"""Move what can be mapped of the former free-text `BereavedPerson.ethnicity` into equality records (the 2021
census categories); the free text itself is then dropped (casework 0007). Text that names no census category
("Mixed", "Not recorded", anything unclear) is not guessed at: the ethnic group is left to be asked."""

import re

from django.db import migrations

# Normalised text (lower case, letters and spaces only) -> the census category.
MAPPING = {
    "white british": "white_british",
    "british": "white_british",
    "white english": "white_british",
    "english": "white_british",
    "white welsh": "white_british",
    "welsh": "white_british",
    "white scottish": "white_british",
    "white irish": "white_irish",
    "irish": "white_irish",
    "gypsy or irish traveller": "white_gypsy_traveller",
    "irish traveller": "white_gypsy_traveller",
    "roma": "white_roma",
    "white other": "white_other",
    "other white": "white_other",
    "black caribbean": "black_caribbean",
    "caribbean": "black_caribbean",
    "black african": "black_african",
    "african": "black_african",
    "black other": "black_other",
    "other black": "black_other",
    "asian indian": "asian_indian",
    "indian": "asian_indian",
    "asian pakistani": "asian_pakistani",
    "pakistani": "asian_pakistani",
    "asian bangladeshi": "asian_bangladeshi",
    "bangladeshi": "asian_bangladeshi",
    "asian chinese": "asian_chinese",
    "chinese": "asian_chinese",
    "asian other": "asian_other",
    "other asian": "asian_other",
    "white and asian": "mixed_white_asian",
    "mixed white and asian": "mixed_white_asian",
    "white and black african": "mixed_white_black_african",
    "mixed white and black african": "mixed_white_black_african",
    "white and black caribbean": "mixed_white_black_caribbean",
    "mixed white and black caribbean": "mixed_white_black_caribbean",
    "arab": "other_arab",
    "prefer not to say": "not_said",
    "not said": "not_said",
}


def normalised(text: str) -> str:
    return " ".join(re.sub(r"[^a-z ]", " ", text.lower()).split())


def census_category(text: str) -> str:
    return MAPPING.get(normalised(text), "")


def move(apps, schema_editor):
    person = apps.get_model("casework", "BereavedPerson")
    record = apps.get_model("equality", "EqualityRecord")
    rows = []
    for pk, text in person.objects.exclude(ethnicity="").values_list("pk", "ethnicity").iterator():
        category = census_category(text)
        if category:
            rows.append(record(person_id=pk, ethnic_group=category))
    record.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("equality", "0001_equality_records"),
        ("casework", "0006_contact_order_covering_index"),
    ]

    operations = [migrations.RunPython(move, migrations.RunPython.noop)]
