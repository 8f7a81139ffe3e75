from django.db import models


class Person(models.Model):
    """Read-only view of the portal's user table: 50 real rows to list."""

    username = models.CharField(max_length=150)
    first_name = models.CharField(max_length=150)
    last_name = models.CharField(max_length=150)
    date_joined = models.DateTimeField()

    class Meta:
        managed = False
        db_table = "accounts_user"
        app_label = "anchor"

    def __str__(self):
        return self.username
