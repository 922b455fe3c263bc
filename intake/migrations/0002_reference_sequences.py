from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial")]
    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE intake_notification_reference_seq; CREATE SEQUENCE intake_homicide_reference_seq;",
            "DROP SEQUENCE intake_notification_reference_seq; DROP SEQUENCE intake_homicide_reference_seq;",
        )
    ]
