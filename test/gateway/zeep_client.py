"""Calls the sandbox's SHEP gateway with zeep, a SOAP client nobody on this project wrote.

Usage: zeep_client.py WSDL_URL IIN [SENDER_ID PASSWORD]

zeep reads the served WSDL (with its inline XSD), builds the typed GBD FL request (gbdfl:Request in
urn:kz-egov-sandbox:gbdfl:v1, sent as xs:anyType data with its xsi:type), calls SendMessage and prints
one JSON object on stdout:
  success: {"ok": true, "status": {"code", "message"}, "messageId", "correlationId", "requestMessageId",
            "sessionId", "messageResult": {"code", ...}, "persons": [{"iin", "surname", "name", ...}]}
  fault:   {"ok": false, "faultcode", "faultstring", "errorCode", "errorMessage", "errorData"}
Anything else (zeep rejecting the WSDL or the response) is an exception: a traceback and exit 1.
Exit 2 means zeep is not importable.
"""

import datetime
import json
import sys
import uuid

try:
    import zeep
    import zeep.exceptions
    import zeep.helpers
    import zeep.xsd
except ImportError as error:  # pragma: no cover - reported by the tap test
    print(f"zeep is not importable ({error}); scripts/ensure-test-tools.sh python3-zeep installs it", file=sys.stderr)
    sys.exit(2)

GBDFL_NS = "urn:kz-egov-sandbox:gbdfl:v1"
SYNC_TYPES_NS = "http://bip.bee.kz/SyncChannel/v10/Types"


def plain(value):
    """zeep objects (and dates) as JSON-ready values."""
    value = zeep.helpers.serialize_object(value, dict)
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


def text_of(parent, name):
    """The text of a direct child by local name (fault detail children are unqualified)."""
    for child in parent:
        if isinstance(child.tag, str) and child.tag.split("}")[-1] == name:
            return child.text
    return None


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 64
    wsdl_url, iin = argv[1], argv[2]
    sender_id = argv[3] if len(argv) > 3 else "sandbox"
    password = argv[4] if len(argv) > 4 else "sandbox"

    client = zeep.Client(wsdl_url)
    gbdfl_request_type = client.get_type(f"{{{GBDFL_NS}}}Request")
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    gbdfl_request = gbdfl_request_type(messageId=str(uuid.uuid4()), messageDate=now, senderCode=sender_id, iin=iin)

    message_id = str(uuid.uuid4())
    session_id = f"zeep-{uuid.uuid4()}"
    request = {
        "requestInfo": {
            "messageId": message_id,
            "serviceId": "GBDFL_UniversalServiceSync",
            "messageDate": now,
            "sender": {"senderId": sender_id, "password": password},
            "sessionId": session_id,
        },
        "requestData": {"data": zeep.xsd.AnyObject(gbdfl_request_type, gbdfl_request)},
    }

    try:
        response = client.service.SendMessage(request=request)
    except zeep.exceptions.Fault as fault:
        info = fault.detail.find(f"{{{SYNC_TYPES_NS}}}SendMessageFault1_SendMessageFault") if fault.detail is not None else None
        out = {
            "ok": False,
            "faultcode": fault.code,
            "faultstring": fault.message,
            "errorCode": text_of(info, "errorCode") if info is not None else None,
            "errorMessage": text_of(info, "errorMessage") if info is not None else None,
            "errorData": text_of(info, "errorData") if info is not None else None,
        }
        print(json.dumps(out, ensure_ascii=False))
        return 0

    info = response.responseInfo
    data = response.responseData.data
    # data is xs:anyType with xsi:type gbdfl:Response: zeep gives it typed (an AnyObject or the value itself).
    if isinstance(data, zeep.xsd.AnyObject):
        data = data.value
    persons = data.persons.person if data.persons is not None else []
    out = {
        "ok": True,
        "requestMessageId": message_id,
        "messageId": info.messageId,
        "correlationId": info.correlationId,
        "responseDate": info.responseDate.isoformat() if info.responseDate is not None else None,
        "sessionId": info.sessionId,
        "requestSessionId": session_id,
        "status": {"code": info.status.code, "message": info.status.message},
        "dataType": type(data).__name__,
        "messageResult": plain(data.messageResult),
        "persons": [plain(person) for person in persons],
    }
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
