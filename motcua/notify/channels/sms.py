"""SMS through an HTTP gateway speaking the eSMS.vn JSON protocol (tin nhắn thương hiệu).

``POST {SMS_GATEWAY_URL}/MainService.svc/json/SendMultipleMessage_V4_post_json/`` with the
fields of :func:`esms_request`; ``{"CodeResult": "100", "SMSID": …}`` means accepted. Only the
standard library is used, so the adapter adds no dependency."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import TYPE_CHECKING, Any

from django.conf import settings

from motcua.notify.channels.base import Channel, DeliveryError

if TYPE_CHECKING:
    from motcua.notify.models import Message

SEND_PATH = "/MainService.svc/json/SendMultipleMessage_V4_post_json/"
ACCEPTED = "100"
# SmsType 2: brandname customer-care message (tin chăm sóc khách hàng), the type eSMS uses
# for transactional notices; IsUnicode 1 keeps Vietnamese diacritics.
SMS_TYPE_CUSTOMER_CARE = "2"


def esms_request(message: Message) -> dict[str, str]:
    """The JSON body eSMS expects. ``RequestId`` is the outbox id, so a request retried after a
    lost answer is recognised by the gateway instead of being sent twice."""
    return {
        "ApiKey": settings.SMS_API_KEY or "",
        "SecretKey": settings.SMS_SECRET_KEY or "",
        "Phone": message.recipient,
        "Content": message.body,
        "Brandname": settings.SMS_BRANDNAME or "",
        "SmsType": SMS_TYPE_CUSTOMER_CARE,
        "IsUnicode": "1",
        "RequestId": str(message.pk),
        "Sandbox": "0",
    }


class SmsChannel(Channel):
    def send(self, message: Message) -> str:
        base_url = (settings.SMS_GATEWAY_URL or "").rstrip("/")
        if not base_url:
            raise DeliveryError("Chưa cấu hình cổng SMS (SMS_GATEWAY_URL).")
        if not base_url.startswith(("http://", "https://")):
            raise DeliveryError(f"Địa chỉ cổng SMS không hợp lệ: {base_url}.")
        answer = _post_json(base_url + SEND_PATH, esms_request(message))
        code = str(answer.get("CodeResult", ""))
        if code != ACCEPTED:
            reason = answer.get("ErrorMessage") or "không rõ lý do"
            raise DeliveryError(f"Cổng SMS từ chối tin (mã {code or '?'}): {reason}")
        sms_id = str(answer.get("SMSID") or "")
        if not sms_id:
            raise DeliveryError("Cổng SMS nhận tin nhưng không trả về SMSID.")
        return sms_id


def _post_json(url: str, payload: dict[str, str]) -> dict[str, Any]:
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked to be http(s) above
        url,
        data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8", "Accept": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(  # noqa: S310 - same checked URL
            request, timeout=settings.SMS_TIMEOUT_SECONDS
        ) as response:
            raw = response.read()
    except urllib.error.HTTPError as error:  # a non-2xx answer
        raise DeliveryError(f"Cổng SMS trả lỗi HTTP {error.code}.") from error
    except TimeoutError as error:
        raise DeliveryError("Cổng SMS không trả lời kịp (quá thời gian chờ).") from error
    except urllib.error.URLError as error:  # refused connection, unknown host, TLS failure
        if isinstance(error.reason, TimeoutError):
            raise DeliveryError("Cổng SMS không trả lời kịp (quá thời gian chờ).") from error
        raise DeliveryError(f"Không kết nối được cổng SMS: {error.reason}") from error
    except OSError as error:  # the connection dropped mid-answer
        raise DeliveryError(f"Mất kết nối với cổng SMS: {error}") from error
    try:
        answer = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DeliveryError("Cổng SMS trả lời không phải JSON.") from error
    if not isinstance(answer, dict):
        raise DeliveryError("Cổng SMS trả lời không đúng định dạng.")
    return answer
