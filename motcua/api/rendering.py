"""JSON for the API: UTF-8 as is, and every instant in Vietnamese local time (+07:00), so a
time reads the same whether it was just computed or read back from the database."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from motcua import clock


class LocalTimeEncoder(NinjaJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, datetime) and o.tzinfo is not None:
            return clock.local(o).isoformat()
        return super().default(o)


class LocalTimeRenderer(JSONRenderer):
    encoder_class = LocalTimeEncoder
    json_dumps_params = {"ensure_ascii": False}

    def render(self, request, data: Any, *, response_status: int) -> Any:
        return json.dumps(data, cls=self.encoder_class, **self.json_dumps_params).encode()
