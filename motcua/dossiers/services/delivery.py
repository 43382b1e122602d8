"""Trả kết quả: the result goes back to the citizen through the receiving unit (DOMAIN §1.5)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import Channel, Dossier
from motcua.dossiers.services import core
from motcua.errors import ValidationFailed


@core.service
def return_result(
    dossier: Dossier, *, actor: User, channel: str = Channel.COUNTER, note: str = ""
) -> Dossier:
    """Hand the result over at the counter, by post or online (status 10)."""
    if channel not in Channel.values:
        raise ValidationFailed(
            _("Hình thức trả kết quả %(channel)s không hợp lệ.") % {"channel": repr(channel)},
            details={"channel": channel},
        )
    with core.acting(dossier, Action.RETURN_RESULT, actor) as act:
        d = act.dossier
        core.finish_step(d.current_step, now=act.now, actor=actor)
        core.activate(None, d, now=act.now)
        d.returned_at = act.now
        d.return_channel = channel
        return core.record(
            d,
            Action.RETURN_RESULT,
            actor=actor,
            row=act.row,
            before=act.before,
            now=act.now,
            note=note,
            data={"channel": channel},
            update_fields=["returned_at", "return_channel"],
        )
