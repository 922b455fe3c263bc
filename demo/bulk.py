"""The bulk path of `seed_demo`: the same records as the actions make, built in memory and written with COPY.

`generate_history(..., bulk=True)` draws every choice from the same seeded stream as the action path, so the same
seed gives the same people, homicides and casework (only ids, references and creation times differ). Calling
the intake and casework actions once per record costs a few milliseconds each, which at a hundred times the
service's volume (several million rows) takes hours; here the writer makes the records the actions would make
(`BulkActions` mirrors each action's effect, after the same checks the generator already keeps) and
`BulkWriter` copies them in, a few hundred homicides at a time.

History: the insert triggers are skipped during the COPY and each record's insert event is then written in one
`INSERT ... SELECT` per table, with a context saying who seeded it (`action: seed_demo`). The action path also
records each record's later updates (a homicide's allocation, a person's referral); here the insert event holds
the record's final state.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar, cast

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from accounts.models import Role, User
from casework.models import (
    AgreedAction,
    AssessmentNeed,
    BereavedPerson,
    CaseEpisode,
    ClosureReason,
    ConsentDecision,
    ConsentOutcome,
    Contact,
    NeedsAssessment,
    SupportGiven,
    VolunteerAssignment,
    contact_stages_sql,
)
from demo.tracked import event_model
from intake.actions import HOMICIDE_FIELDS_FROM_NOTIFICATION, region_for
from intake.models import CASES_FINISHED_SQL, Allocation, Homicide, Notification, NotificationSource, PoliceLiaison
from lib.references import format_reference

RecordT = TypeVar("RecordT", bound=Model)

# In the order they are copied, so that every foreign key points at a row already there.
MODELS: tuple[type[Model], ...] = (
    Homicide,
    Notification,
    Allocation,
    PoliceLiaison,
    BereavedPerson,
    CaseEpisode,
    ConsentDecision,
    VolunteerAssignment,
    Contact,
    NeedsAssessment,
    AssessmentNeed,
    AgreedAction,
    SupportGiven,
)
REFERENCES = {
    Homicide: ("HOM", "intake_homicide_reference_seq"),
    Notification: ("NOT", "intake_notification_reference_seq"),
}


class BulkActions:
    """The intake and casework actions' effects on records in memory: `HistoryWriter` calls these by the same
    names and arguments as the actions. Ids are given here, so records can point at each other before writing."""

    def __init__(self, writer: BulkWriter, now: datetime):
        self.writer = writer
        self.now = now
        self.today = timezone.localdate(now)

    # -- intake
    def record_notification(self, *, by: User, source: str, received_at, region=None, **fields):
        if by.role == Role.POLICE_REFERRER:
            source = NotificationSource.POLICE
            fields["police_force"] = by.police_force or fields.get("police_force")
        notification = Notification(
            source=source,
            received_at=received_at,
            region=region_for(police_force=fields.get("police_force"), submitted_by=by, region=region),
            submitted_by=by,
            created_at=self.now,
            **fields,
        )
        return self.writer.add(notification), True

    def create_homicide(self, *, notification: Notification, by: User) -> Homicide:
        homicide = Homicide(
            region=notification.region,
            created_at=self.now,
            **{field: getattr(notification, field) for field in HOMICIDE_FIELDS_FROM_NOTIFICATION},
        )
        self.writer.add(homicide)
        notification.homicide = homicide
        return homicide

    def link_notification(self, *, notification: Notification, homicide: Homicide, by: User) -> Notification:
        notification.homicide = homicide
        return notification

    def update_homicide(self, *, homicide: Homicide, by: User, **fields) -> Homicide:
        for name, value in fields.items():
            setattr(homicide, name, value)
        return homicide

    def allocate(
        self, *, homicide: Homicide, case_worker: User, by: User, note: str = "", allocated_at: datetime | None = None
    ) -> Allocation:
        homicide.lead_case_worker = case_worker
        return self.writer.add(
            Allocation(
                homicide=homicide,
                case_worker=case_worker,
                allocated_by=by,
                allocated_at=allocated_at or self.now,
                note=note,
            )
        )

    def record_police_liaison(
        self, *, homicide: Homicide, by: User, kind: str, occurred_at: datetime, notes: str = ""
    ) -> PoliceLiaison:
        # The generator tells the SIO only after the allocation, so the name given is the homicide's lead.
        named = homicide.lead_case_worker if kind == "sio_told" else None
        return self.writer.add(
            PoliceLiaison(
                homicide=homicide,
                kind=kind,
                occurred_at=occurred_at,
                named_case_worker=named,
                notes=notes,
                recorded_by=by,
                created_at=self.now,
            )
        )

    def record_no_referral_reason(self, *, homicide: Homicide, reason: str, by: User) -> Homicide:
        homicide.no_referral_reason = reason
        return homicide

    # -- casework
    def add_person(self, *, homicide: Homicide, by: User, added_at=None, **fields) -> BereavedPerson:
        person = BereavedPerson(homicide=homicide, created_at=min(added_at or self.now, self.now), **fields)
        return self.writer.add(person)

    def record_consent(
        self, *, person, by, outcome, decided_at, decline_stage="", review_on=None, notes=""
    ) -> ConsentDecision:
        decision = ConsentDecision(
            person=person,
            outcome=outcome,
            decided_at=decided_at,
            decline_stage=decline_stage,
            review_on=review_on,
            notes=notes,
            recorded_by=by,
            created_at=self.now,
        )
        episode = getattr(person, "bulk_episode", None)
        if outcome == ConsentOutcome.REFERRED and episode is None:
            if person.referred_at is None:
                person.referred_at = decided_at
            person.closed_on, person.closure_reason, person.closure_notes = None, "", ""
            person.bulk_episode = self.writer.add(CaseEpisode(person=person, opened_at=decided_at, created_at=self.now))
            person.homicide.no_referral_reason = ""
        if outcome == ConsentOutcome.DECLINED and episode is not None:
            self._end_episode(person, timezone.localdate(decided_at), ClosureReason.DECLINED, notes)
        return self.writer.add(decision)

    def _end_episode(self, person, closed_on: date, reason: str, notes: str) -> None:
        episode = person.bulk_episode
        episode.closed_on, episode.closure_reason, episode.closure_notes = closed_on, reason, notes
        person.closed_on, person.closure_reason, person.closure_notes = closed_on, reason, notes
        person.bulk_episode = None

    def assign_volunteer(
        self, *, person, volunteer: User, task: str, by: User, assigned_on: date | None = None
    ) -> VolunteerAssignment:
        assignment = VolunteerAssignment(
            person=person, volunteer=volunteer, task=task, assigned_by=by, assigned_on=assigned_on or self.today
        )
        return self.writer.add(assignment)

    def close_case(
        self, *, person, by, closed_on: date, reason: str, notes: str = "", open_actions: str = ""
    ) -> BereavedPerson:
        # The generator closes a case before its assessments are written, so no agreed action is open yet.
        self._end_episode(person, closed_on, reason, notes)
        return person


class BulkWriter:
    """Gives ids, keeps the records of a few hundred homicides, and copies them into their tables."""

    def __init__(self, seeded_by: User):
        self.seeded_by = seeded_by
        self.pending: dict[type[Model], list[Model]] = {model: [] for model in MODELS}
        self.first_id: dict[type[Model], int] = {}
        self.next_id: dict[type[Model], int] = {}
        with connection.cursor() as cursor:
            for model in MODELS:
                cursor.execute(f'SELECT coalesce(max(id), 0) + 1 FROM "{model._meta.db_table}"')  # noqa: S608
                (first,) = cursor.fetchone()
                self.first_id[model] = self.next_id[model] = first
            # The history triggers are skipped while copying: the insert events are written afterwards, in bulk.
            # So are those keeping a homicide's `cases_finished` and the contacts' stages: set once for all, afterwards.
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = ANY(%s::regclass[]) AND (tgname LIKE"
                " 'pgtrigger_insert_insert_%%' OR tgname LIKE 'pgtrigger_%%cases_finished%%'"
                " OR tgname LIKE 'pgtrigger_contact_stage_%%' OR tgname LIKE 'pgtrigger_contacts_follow_journey_%%')",
                [[model._meta.db_table for model in MODELS]],
            )
            self.skipped_triggers = [name for (name,) in cursor.fetchall()]
        self.columns = {
            model: [(field.column, field.attname) for field in model._meta.concrete_fields] for model in MODELS
        }

    def add(self, instance: RecordT) -> RecordT:
        model = type(instance)
        instance.pk = self.next_id[model]
        self.next_id[model] += 1
        self.pending[model].append(instance)
        return instance

    def flush(self) -> None:
        """Copy what is pending. Foreign keys are checked as each COPY ends, so memory stays small."""
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "SELECT set_config('pgtrigger.ignore', %s, true)", ["{" + ",".join(self.skipped_triggers) + "}"]
            )
            for model, instances in self.pending.items():
                if not instances:
                    continue
                if model in REFERENCES:
                    self._give_references(cursor, model, instances)
                columns = self.columns[model]
                names = ", ".join(f'"{column}"' for column, _ in columns)
                attnames = [attname for _, attname in columns]
                with cursor.cursor.copy(f'COPY "{model._meta.db_table}" ({names}) FROM STDIN') as copy:
                    for instance in instances:
                        copy.write_row([_plain(getattr(instance, name)) for name in attnames])
                instances.clear()
            cursor.execute("SELECT set_config('pgtrigger.ignore', '{}', true)")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    def _give_references(self, cursor, model: type[Model], instances: list[Model]) -> None:
        prefix, sequence = REFERENCES[model]
        cursor.execute("SELECT setval(%s, nextval(%s) + %s - 1)", [sequence, sequence, len(instances)])
        (last,) = cursor.fetchone()
        today = timezone.localdate()
        for number, instance in enumerate(instances, start=last - len(instances) + 1):
            cast(Homicide | Notification, instance).reference = format_reference(prefix, number, today)

    def finish(self) -> None:
        """Move the id sequences past the copied rows and write every copied record's insert event."""
        self.flush()
        context = uuid.uuid4()
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO pghistory_context (id, created_at, updated_at, metadata) VALUES (%s, now(), now(), %s)",
                [context, json.dumps({"user": self.seeded_by.pk, "action": "seed_demo"})],
            )
            for model in MODELS:
                table = model._meta.db_table
                if self.next_id[model] == self.first_id[model]:
                    continue
                cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, self.next_id[model] - 1])
                event = event_model(model)
                if event is None:
                    continue
                # A concrete field always has a column (that is what makes it concrete).
                columns = [f.column for f in event._meta.concrete_fields if f.column is not None]
                tracked = [c for c in columns if not c.startswith("pgh_")]
                names = ", ".join(f'"{c}"' for c in tracked)
                cursor.execute(
                    f'INSERT INTO "{event._meta.db_table}"'  # noqa: S608
                    f" (pgh_created_at, pgh_label, pgh_obj_id, pgh_context_id, {names})"
                    f"SELECT now(), 'insert', id, %s, {names} FROM \"{table}\" WHERE id >= %s",
                    [context, self.first_id[model]],
                )
            finished = CASES_FINISHED_SQL.format(homicide="intake_homicide")
            cursor.execute(
                f"UPDATE intake_homicide SET cases_finished = ({finished}) WHERE id >= %s",  # noqa: S608 - constants
                [self.first_id[Homicide]],
            )
            cursor.execute(contact_stages_sql("c2.id >= %s"), [self.first_id[Contact]])


def _plain(value):
    """Choices are `str` subclasses: COPY wants the plain value."""
    if isinstance(value, str) and type(value) is not str:
        return str(value)
    return value


@dataclass(frozen=True)
class BulkPath:
    actions: BulkActions
    writer: BulkWriter
