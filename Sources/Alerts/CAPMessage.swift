import GeoKit
import Store

/// An alert as an OASIS Common Alerting Protocol 1.2 message, the form warning-release platforms take. Times are
/// in China Standard Time (+08:00); the identifier follows GB/T 35965.1-2018's composition: the issuing area's
/// administrative division code, the issuing agency's code, the time of issue (YYYYMMDDhhmmss) and a sequence
/// number (the alert's id, four digits). An Update or Cancel references the first alert of its thread.
public enum CAPMessage {
    public static let namespace = "urn:oasis:names:tc:emergency:cap:1.2"

    /// The identifier of an alert created at `createdAt` (a stored UTC timestamp) with id `id`.
    public static func identifier(_ rules: AlertRules, createdAt: String, id: Int64) -> String {
        let local = Timestamp.parse(createdAt).map { Timestamp.format(epochSeconds: $0 + 8 * 3600) } ?? createdAt
        let digits = local.filter(\.isNumber).prefix(14)
        let sequence = String(id % 10_000)
        return rules.areaCode + rules.agencyCode + digits + String(repeating: "0", count: 4 - sequence.count) + sequence
    }

    /// `YYYY-MM-DDThh:mm:ss+08:00` from a stored UTC timestamp.
    public static func chinaTime(_ stored: String) -> String {
        guard let t = Timestamp.parse(stored) else { return stored }
        return String(Timestamp.format(epochSeconds: t + 8 * 3600).dropLast()) + "+08:00"
    }

    /// CAP's severity for a risk level: major Extreme, significant Severe, general Moderate, low Minor.
    public static func severity(_ level: String?) -> String {
        switch level {
        case "major": "Extreme"
        case "significant": "Severe"
        case "general": "Moderate"
        default: "Minor"
        }
    }

    /// The CAP XML of `alert`; `first` is the alert an Update or Cancel references (its id and creation time).
    public static func xml(_ alert: Feature, first: (id: Int64, createdAt: String)?, rules: AlertRules) -> String {
        let id = alert.id ?? 0
        let created = alert["created_at"].textValue ?? ""
        let type = alert["msg_type"].textValue ?? "Alert"
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<alert xmlns=\"\(namespace)\">\n"
        func element(_ name: String, _ text: String, indent: String = "  ") { x += "\(indent)<\(name)>\(escape(text))</\(name)>\n" }
        element("identifier", identifier(rules, createdAt: created, id: id))
        element("sender", rules.sender)
        element("sent", chinaTime(created))
        element("status", "Actual")
        element("msgType", type)
        element("scope", "Restricted")
        element("restriction", "For the emergency-management bureau and the supervising departments")
        if let first, type != "Alert" {
            element("references", "\(rules.sender),\(identifier(rules, createdAt: first.createdAt, id: first.id)),\(chinaTime(first.createdAt))")
        }
        x += "  <info>\n"
        let i = "    "
        element("language", "zh-CN", indent: i)
        element("category", "Safety", indent: i)
        let cause = alert["cause_layer"].textValue == Catalog.reports.name ? "Temporary risk report" : "Risk"
        element("event", "\(cause) reaching protected targets", indent: i)
        element("urgency", type == "Cancel" ? "Past" : "Expected", indent: i)
        element("severity", severity(alert["level"].textValue), indent: i)
        element("certainty", "Likely", indent: i)
        element("senderName", "riskmap", indent: i)
        element("headline", "\(alert["level"].textValue ?? "") \(cause.lowercased()) \(alert["cause_id"].intValue ?? 0): \(alert["rule"].textValue ?? type)", indent: i)
        element("description", alert["message"].textValue ?? "", indent: i)
        x += "\(i)<parameter>\n\(i)  <valueName>riskmap:cause</valueName>\n\(i)  <value>\(escape("\(alert["cause_layer"].textValue ?? "")/\(alert["cause_id"].intValue ?? 0)"))</value>\n\(i)</parameter>\n"
        if let text = alert["departments"].textValue, case .array(let names)? = try? JSONParser.parse(text), !names.isEmpty {
            let list = names.compactMap { if case .string(let s) = $0 { s } else { nil } }.joined(separator: ", ")
            x += "\(i)<parameter>\n\(i)  <valueName>riskmap:departments</valueName>\n\(i)  <value>\(escape(list))</value>\n\(i)</parameter>\n"
        }
        x += "\(i)<area>\n"
        var areas: [String] = []
        if let text = alert["areas"].textValue, case .array(let names)? = try? JSONParser.parse(text) {
            for case .string(let name) in names { areas.append(name) }
        }
        element("areaDesc", areas.isEmpty ? "riskmap city" : areas.joined(separator: ", "), indent: i + "  ")
        if case .point(let p)? = alert.geometry {
            // CAP: a circle is "lat,lon radius" with the radius in kilometres; the affected places' farthest distance.
            element("circle", "\(p.y),\(p.x) \(radiusKm(alert))", indent: i + "  ")
        }
        x += "\(i)</area>\n  </info>\n</alert>\n"
        return x
    }

    /// The farthest affected place's distance in km (at least 0.1).
    static func radiusKm(_ alert: Feature) -> String {
        var farthest = 100.0
        if let text = alert["affected"].textValue, case .array(let items)? = try? JSONParser.parse(text) {
            for item in items {
                switch item["distance_m"] {
                case .number(let d)?: farthest = max(farthest, d)
                case .integer(let d)?: farthest = max(farthest, Double(d))
                default: break
                }
            }
        }
        return String((farthest / 100).rounded(.up) / 10)
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
