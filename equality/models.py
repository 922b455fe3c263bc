"""Equality monitoring: who the service reaches, for people supported and for people who declined.

Special category data, kept apart from the person's record and permissioned on its own
(`access.policies.can_see_equality_data`): the case holder, their team leader and the national manager see and
record it; volunteers and police referrers never; analysts only in aggregate (report M5). Every answer is
optional and may be "Prefer not to say"; blank means not asked or not known. The lists are the 2021 census's
for England and Wales.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.tracking import tracked
from casework.models import BereavedPerson

NOT_SAID = "not_said"
NOT_SAID_LABEL = _("Prefer not to say")


class EthnicGroup(models.TextChoices):
    """The 19 detailed categories of the 2021 census (England and Wales), under their 5 high-level groups."""

    ASIAN_BANGLADESHI = "asian_bangladeshi", _("Asian, Asian British or Asian Welsh: Bangladeshi")
    ASIAN_CHINESE = "asian_chinese", _("Asian, Asian British or Asian Welsh: Chinese")
    ASIAN_INDIAN = "asian_indian", _("Asian, Asian British or Asian Welsh: Indian")
    ASIAN_PAKISTANI = "asian_pakistani", _("Asian, Asian British or Asian Welsh: Pakistani")
    ASIAN_OTHER = "asian_other", _("Asian, Asian British or Asian Welsh: Other Asian")
    BLACK_AFRICAN = "black_african", _("Black, Black British, Black Welsh, Caribbean or African: African")
    BLACK_CARIBBEAN = "black_caribbean", _("Black, Black British, Black Welsh, Caribbean or African: Caribbean")
    BLACK_OTHER = "black_other", _("Black, Black British, Black Welsh, Caribbean or African: Other Black")
    MIXED_WHITE_ASIAN = "mixed_white_asian", _("Mixed or Multiple ethnic groups: White and Asian")
    MIXED_WHITE_BLACK_AFRICAN = (
        "mixed_white_black_african",
        _("Mixed or Multiple ethnic groups: White and Black African"),
    )
    MIXED_WHITE_BLACK_CARIBBEAN = (
        "mixed_white_black_caribbean",
        _("Mixed or Multiple ethnic groups: White and Black Caribbean"),
    )
    MIXED_OTHER = "mixed_other", _("Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups")
    WHITE_BRITISH = "white_british", _("White: English, Welsh, Scottish, Northern Irish or British")
    WHITE_IRISH = "white_irish", _("White: Irish")
    WHITE_GYPSY_TRAVELLER = "white_gypsy_traveller", _("White: Gypsy or Irish Traveller")
    WHITE_ROMA = "white_roma", _("White: Roma")
    WHITE_OTHER = "white_other", _("White: Other White")
    OTHER_ARAB = "other_arab", _("Other ethnic group: Arab")
    OTHER_ANY = "other_any", _("Other ethnic group: Any other ethnic group")
    NOT_SAID = NOT_SAID, NOT_SAID_LABEL


class BroadEthnicGroup(models.TextChoices):
    """The 5 high-level groups: each detailed category's code begins with its group's."""

    ASIAN = "asian", _("Asian, Asian British or Asian Welsh")
    BLACK = "black", _("Black, Black British, Black Welsh, Caribbean or African")
    MIXED = "mixed", _("Mixed or Multiple ethnic groups")
    WHITE = "white", _("White")
    OTHER = "other", _("Other ethnic group")


def broad_group(ethnic_group: str) -> str:
    """The high-level group of a detailed category ("" for blank or "Prefer not to say")."""
    prefix = ethnic_group.split("_", 1)[0]
    return prefix if prefix in BroadEthnicGroup.values else ""


class AgeBand(models.TextChoices):
    UNDER_18 = "under_18", _("Under 18")
    FROM_18 = "18_24", _("18 to 24")
    FROM_25 = "25_34", _("25 to 34")
    FROM_35 = "35_44", _("35 to 44")
    FROM_45 = "45_54", _("45 to 54")
    FROM_55 = "55_64", _("55 to 64")
    FROM_65 = "65_74", _("65 to 74")
    FROM_75 = "75_over", _("75 or over")
    NOT_SAID = NOT_SAID, NOT_SAID_LABEL


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    NOT_SAID = NOT_SAID, NOT_SAID_LABEL


class YesNo(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_SAID = NOT_SAID, NOT_SAID_LABEL


class Religion(models.TextChoices):
    """The 2021 census's question: "What is your religion?"."""

    NONE = "none", _("No religion")
    CHRISTIAN = (
        "christian",
        _("Christian (including Church of England, Catholic, Protestant and all other Christian denominations)"),
    )
    BUDDHIST = "buddhist", _("Buddhist")
    HINDU = "hindu", _("Hindu")
    JEWISH = "jewish", _("Jewish")
    MUSLIM = "muslim", _("Muslim")
    SIKH = "sikh", _("Sikh")
    OTHER = "other", _("Any other religion")
    NOT_SAID = NOT_SAID, NOT_SAID_LABEL


class SexualOrientation(models.TextChoices):
    """The 2021 census's question (asked of people aged 16 or over)."""

    STRAIGHT = "straight", _("Straight or heterosexual")
    GAY_LESBIAN = "gay_lesbian", _("Gay or lesbian")
    BISEXUAL = "bisexual", _("Bisexual")
    OTHER = "other", _("Other sexual orientation")
    NOT_SAID = NOT_SAID, NOT_SAID_LABEL


class FirstLanguage(models.TextChoices):
    ENGLISH = "english", _("English")
    WELSH = "welsh", _("Welsh")
    OTHER = "other", _("Another language")
    NOT_SAID = NOT_SAID, NOT_SAID_LABEL


# The answers, in the order the form and the report show them: (field, its choices).
EQUALITY_FIELDS: dict[str, type[models.TextChoices]] = {
    "ethnic_group": EthnicGroup,
    "age_band": AgeBand,
    "sex": Sex,
    "gender_same_as_at_birth": YesNo,
    "disabled": YesNo,
    "religion": Religion,
    "sexual_orientation": SexualOrientation,
    "first_language": FirstLanguage,
}


def _answer(label, choices: type[models.TextChoices], max_length: int = 30) -> models.CharField:
    return models.CharField(label, max_length=max_length, choices=choices.choices, blank=True)


@tracked()
class EqualityRecord(models.Model):
    """One person's equality monitoring answers (one record a person, changed in place; the history keeps each)."""

    person = models.OneToOneField(BereavedPerson, on_delete=models.CASCADE, related_name="equality")
    ethnic_group = _answer(_("ethnic group"), EthnicGroup)
    age_band = _answer(_("age"), AgeBand)
    sex = _answer(_("sex"), Sex)
    gender_same_as_at_birth = _answer(_("gender the same as the sex registered at birth"), YesNo)
    disabled = _answer(_("disabled (Equality Act 2010)"), YesNo)
    religion = _answer(_("religion"), Religion)
    sexual_orientation = _answer(_("sexual orientation"), SexualOrientation)
    first_language = _answer(_("first language"), FirstLanguage)
    other_language = models.CharField(_("which language"), max_length=50, blank=True)
    # None for answers moved from the former free-text ethnic group (migration equality 0002).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)

    class Meta:
        verbose_name = _("equality monitoring record")
        constraints = [
            models.CheckConstraint(
                name="other_language_only_for_another",
                condition=models.Q(first_language="other") | models.Q(other_language=""),
            )
        ]

    def __str__(self) -> str:
        return str(_("Equality monitoring"))

    @property
    def broad_ethnic_group(self) -> str:
        return broad_group(self.ethnic_group)
