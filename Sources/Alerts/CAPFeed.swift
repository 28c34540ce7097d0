import Store

/// An Atom feed of alerts, newest first, each entry linking its CAP 1.2 message (`/alerts/{id}.cap`): the index
/// warning platforms poll, as CAP feeds are commonly published.
public enum CAPFeed {
    public static func atom(_ alerts: some Sequence<Feature>, rules: AlertRules) -> String {
        let list = Array(alerts)
        let updated = list.first.flatMap { $0["created_at"].textValue }.map(CAPMessage.chinaTime) ?? "1970-01-01T08:00:00+08:00"
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        x += "  <id>urn:riskmap:alerts:\(rules.areaCode)</id>\n  <title>riskmap alerts</title>\n  <updated>\(updated)</updated>\n"
        x += "  <author><name>\(CAPMessage.escape(rules.sender))</name></author>\n"
        for a in list {
            let id = a.id ?? 0, created = a["created_at"].textValue ?? ""
            x += "  <entry>\n"
            x += "    <id>urn:oid:\(CAPMessage.identifier(rules, createdAt: created, id: id))</id>\n"
            x += "    <title>\(CAPMessage.escape("\(a["msg_type"].textValue ?? "Alert") \(a["level"].textValue ?? "") \(a["cause_layer"].textValue ?? "")/\(a["cause_id"].intValue ?? 0)"))</title>\n"
            x += "    <updated>\(CAPMessage.chinaTime(created))</updated>\n"
            x += "    <summary>\(CAPMessage.escape(a["message"].textValue ?? ""))</summary>\n"
            x += "    <link rel=\"alternate\" type=\"application/cap+xml\" href=\"/alerts/\(id).cap\"/>\n"
            x += "  </entry>\n"
        }
        return x + "</feed>\n"
    }
}
