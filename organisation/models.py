from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """One of the service's regional teams; each covers a set of police force areas."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.SlugField(_("code"), max_length=50, unique=True)
    area_square_miles = models.PositiveIntegerField(_("area in square miles"), null=True, blank=True)
    display_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["display_order", "name"]
        verbose_name = _("region")

    def __str__(self) -> str:
        return self.name


class PoliceForce(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="police_forces")

    class Meta:
        ordering = ["name"]
        verbose_name = _("police force")

    def __str__(self) -> str:
        return self.name
