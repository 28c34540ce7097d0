"""Reads CAP 1.2 messages with cap-tools (xsdata bindings generated from the OASIS CAP 1.2 schema), strictly:
unknown elements, bad enumerations or dates fail. Then ingests them in order as a receiver keeping the live
alerts would (an Update or Cancel removes what it references). Prints JSON for the Swift test.
Usage: cap_check.py FILE..."""
import json
import sys

from cap_tools import AlertState
from cap_tools.models import Alert
from xsdata.formats.dataclass.parsers import XmlParser
from xsdata.formats.dataclass.parsers.config import ParserConfig

parser = XmlParser(config=ParserConfig(fail_on_unknown_properties=True, fail_on_unknown_attributes=True,
                                       fail_on_converter_warnings=True))
state = AlertState()
messages = []
for path in sys.argv[1:]:
    alert = parser.parse(path, Alert)
    state.ingest(alert)
    info = alert.infos[0]
    messages.append({
        "identifier": alert.identifier, "msgType": alert.msg_type.value, "status": alert.status.value,
        "scope": alert.scope.value, "references": [r.identifier for r in alert.references_to_list()],
        "sent": str(alert.sent), "severity": info.severity.value, "urgency": info.urgency.value,
        "category": [c.value for c in info.categories], "circles": [c for a in info.areas for c in a.circles],
        "areaDesc": [a.area_desc for a in info.areas]})
print(json.dumps({"messages": messages, "live": [a.identifier for a in state]}))
