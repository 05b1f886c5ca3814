"""Calls logged from Сегодня: a missed call called back is answered and leaves the agenda, a client not
contacted for a week leaves it once called; a call cannot answer a missed call twice."""

from __future__ import annotations

from datetime import date

import pytest
from factories import client, interaction, msk
from sqlalchemy import select

from mos_desktop.changes import Area
from mos_desktop.db import Database
from mos_desktop.errors import ValidationError
from mos_desktop.models import ContactPerson, Interaction, InteractionKind
from mos_desktop.services.agenda.contact import ContactCallForm, log_contact_call, phone_for
from mos_desktop.services.today import list_agenda

TODAY = date(2026, 11, 23)


def test_a_missed_call_called_back_is_answered_and_leaves_the_agenda(db: Database) -> None:
    with db.session() as s:
        owner = client(s, "ЖК Звонок", created_at=msk(TODAY, 8))
        s.add(ContactPerson(client_id=owner.id, full_name="Ольга", phone="+7 900 000-00-01", is_primary=True))
        missed = interaction(s, owner, msk(TODAY, 9), InteractionKind.CALL_MISSED, contact_name="Ольга")
        assert phone_for(s, "interaction", missed.id) == "+7 900 000-00-01"  # the contact's, none on the card
        assert phone_for(s, "shipment", missed.id) == ""
        changes = log_contact_call(
            s, ContactCallForm(missed_call_id=missed.id, note=" Всё  ок "), user="u", today=TODAY
        )
        assert changes.touches((Area.INTERACTIONS,))
        assert changes.message == "ЖК Звонок: перезвонили на пропущенный звонок"
        assert missed.answered_at is not None and missed.updated_by == "u"
        back = s.get(Interaction, changes.record_id)
        assert back is not None
        assert (back.kind, back.summary, back.contact_name, back.created_by) == (
            InteractionKind.CALL_OUT,
            "Всё ок",
            "Ольга",
            "u",
        )
        assert list_agenda(s, today=TODAY).rows == []
        with pytest.raises(ValidationError) as twice:
            log_contact_call(s, ContactCallForm(missed_call_id=missed.id), user="u", today=TODAY)
        assert twice.value.errors[0].field == "missed_call_id"
        assert len(s.scalars(select(Interaction)).all()) == 2  # nothing written by the refused one


def test_a_call_to_a_client_not_contacted_for_a_week_takes_it_off(db: Database) -> None:
    with db.session() as s:
        owner = client(s, "ЖК Тишина", phone="+7 495 1", created_at=msk(date(2026, 1, 1)))
        assert [r.id for r in list_agenda(s, today=TODAY).rows] == [owner.id]
        assert phone_for(s, "client", owner.id) == "+7 495 1"
        changes = log_contact_call(s, ContactCallForm(client_id=owner.id), user="u", today=TODAY)
        assert changes.message == "ЖК Тишина: звонок записан"
        assert list_agenda(s, today=TODAY).rows == []
        with pytest.raises(ValidationError):
            log_contact_call(s, ContactCallForm(), user="u", today=TODAY)


def test_a_call_back_that_did_not_get_through_is_noted_and_the_missed_call_stays(db: Database) -> None:
    with db.session() as s:
        owner = client(s, "ЖК Занято", created_at=msk(TODAY, 8))
        missed = interaction(s, owner, msk(TODAY, 9), InteractionKind.CALL_MISSED, summary="про счёт")
        form = ContactCallForm(missed_call_id=missed.id, note=" занято ", reached=False)
        changes = log_contact_call(s, form, user="u", today=TODAY)
        assert changes.record_id == missed.id
        assert changes.message == "ЖК Занято: не дозвонились — пропущенный звонок остаётся в списке «Сегодня»"
        assert missed.answered_at is None and missed.updated_by == "u"
        assert missed.summary.startswith("про счёт; не дозвонились 23.11 в ")
        assert missed.summary.endswith(": занято")
        assert s.scalars(select(Interaction)).all() == [missed]  # no contact was made: none logged
        (line,) = list_agenda(s, today=TODAY).rows
        assert line.id == missed.id and "не дозвонились 23.11" in str(line.values)

        log_contact_call(s, ContactCallForm(missed_call_id=missed.id, reached=False), user="u", today=TODAY)
        assert missed.summary.count("не дозвонились") == 2  # each attempt noted
        log_contact_call(s, ContactCallForm(missed_call_id=missed.id, note="ок"), user="u", today=TODAY)
        assert missed.answered_at is not None  # got through at last
        assert list_agenda(s, today=TODAY).rows == []


def test_not_getting_through_is_marked_on_a_missed_call_only(db: Database) -> None:
    with db.session() as s:
        owner = client(s, "ЖК Тишина", created_at=msk(date(2026, 1, 1)))
        with pytest.raises(ValidationError) as refused:
            log_contact_call(s, ContactCallForm(client_id=owner.id, reached=False), user="u", today=TODAY)
        assert [e.field for e in refused.value.errors] == ["reached"]
        assert s.scalars(select(Interaction)).all() == []
