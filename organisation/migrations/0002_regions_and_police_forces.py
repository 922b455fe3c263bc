"""The five regions of England and Wales and the 43 police force areas each covers."""

from django.db import migrations

REGIONS = {
    ("london", "London", 609): ["Metropolitan Police", "City of London Police"],
    ("south-east-east", "South East and East of England", None): [
        "Bedfordshire Police",
        "Cambridgeshire Constabulary",
        "Essex Police",
        "Hampshire Constabulary",
        "Hertfordshire Constabulary",
        "Kent Police",
        "Norfolk Constabulary",
        "Suffolk Constabulary",
        "Surrey Police",
        "Sussex Police",
        "Thames Valley Police",
    ],
    ("south-west-west-midlands", "South West and West Midlands", None): [
        "Avon and Somerset Constabulary",
        "Devon and Cornwall Police",
        "Dorset Police",
        "Gloucestershire Constabulary",
        "Staffordshire Police",
        "Warwickshire Police",
        "West Mercia Police",
        "West Midlands Police",
        "Wiltshire Police",
    ],
    ("wales-north-west", "Wales and North West", None): [
        "Cheshire Constabulary",
        "Cumbria Constabulary",
        "Dyfed-Powys Police",
        "Greater Manchester Police",
        "Gwent Police",
        "Lancashire Constabulary",
        "Merseyside Police",
        "North Wales Police",
        "South Wales Police",
    ],
    ("north-east-yorkshire-east-midlands", "North East, Yorkshire and the Humber and East Midlands", None): [
        "Cleveland Police",
        "Derbyshire Constabulary",
        "Durham Constabulary",
        "Humberside Police",
        "Leicestershire Police",
        "Lincolnshire Police",
        "Northamptonshire Police",
        "North Yorkshire Police",
        "Northumbria Police",
        "Nottinghamshire Police",
        "South Yorkshire Police",
        "West Yorkshire Police",
    ],
}


def load(apps, schema_editor):
    Region = apps.get_model("organisation", "Region")
    PoliceForce = apps.get_model("organisation", "PoliceForce")
    for order, ((code, name, area), forces) in enumerate(REGIONS.items()):
        region, _ = Region.objects.update_or_create(
            code=code, defaults={"name": name, "area_square_miles": area, "display_order": order}
        )
        for force in forces:
            PoliceForce.objects.update_or_create(name=force, defaults={"region": region})


class Migration(migrations.Migration):
    dependencies = [("organisation", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
