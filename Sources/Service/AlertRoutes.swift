import Alerts
import Foundation
import GeoKit
import HTTP
import Store
import Synchronization

/// The alerts of the report-to-alert loop (docs/ALERTS.md): listed, one by one as GeoJSON or CAP 1.2, a CAP
/// feed, acknowledged by a duty officer's token, and pushed live as server-sent events with replay.
struct AlertRoutes: RouteCollection {
    let store: Store
    let hub: AlertHub
    let rules: AlertRules

    /// How far back a reconnecting stream may replay.
    static let replaySeconds: Int64 = 24 * 3600
    static let maxList = 1_000

    var endpoints: [Endpoint] {
        [
            Endpoint(method: .get, pattern: "/alerts",
                     summary: "Alerts in id order: level (comma-separated), status (open: not acknowledged), area (a name of /areas), since (RFC 3339; default 24 hours ago), after (an id), limit (≤ 1000)",
                     tag: "Alerts", query: ["level", "status", "area", "since", "after", "limit"],
                     responses: [200: "a GeoJSON FeatureCollection of alerts", 400: "a bad filter"]) { request, _, worker in
                let alerts = try worker.reader.connection.alerts(
                    after: try Self.integer(request.query["after"], name: "after") ?? 0, since: try Self.since(request),
                    levels: try Self.levels(request), unacknowledgedOnly: try Self.openOnly(request), area: request.query["area"],
                    limit: Int(try Self.integer(request.query["limit"], name: "limit", range: 1...Self.maxList) ?? 100))
                var w = JSONWriter()
                w.raw("{\"type\":\"FeatureCollection\",\"features\":")
                w.array(alerts) { w, a in w.feature(a, fields: Catalog.alerts.fields) }
                w.byte(UInt8(ascii: "}"))
                return json(w, request, contentType: "application/geo+json")
            },
            Endpoint(method: .get, pattern: "/alerts.cap", summary: "A feed (Atom) of the last 24 hours' alerts, each entry linking its CAP 1.2 message",
                     tag: "Alerts", responses: [200: "an Atom feed"]) { request, _, worker in
                let alerts = try worker.reader.connection.alerts(since: Timestamp.format(epochSeconds: Int64(time(nil)) - Self.replaySeconds), limit: Self.maxList)
                return Response(status: .ok, headers: ["Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "no-cache"],
                                body: Array(CAPFeed.atom(alerts.reversed(), rules: rules).utf8))
            },
            Endpoint(method: .get, pattern: "/alerts/stream",
                     summary: "Alerts as they are raised, as server-sent events (id: the alert's id, event: alert, data: the GeoJSON Feature); Last-Event-ID replays what was missed (up to 24 hours); level and area filter",
                     tag: "Alerts", query: ["level", "area"], responses: [200: "text/event-stream"]) { request, _, worker in
                try stream(request, worker)
            },
            Endpoint(method: .get, pattern: "/alerts/{alertId}", summary: "One alert as a GeoJSON Feature, or /alerts/{id}.cap as a CAP 1.2 message",
                     tag: "Alerts", responses: [200: "the alert", 404: "no such alert"]) { request, _, worker in
                let text = request.parameters["alertId"] ?? ""
                let cap = text.hasSuffix(".cap")
                guard let id = Int64(cap ? String(text.dropLast(4)) : text),
                      let alert = try worker.reader.feature(id, in: Catalog.alerts) else { throw HTTPError(.notFound, "no alert \(text)") }
                guard cap else {
                    var w = JSONWriter()
                    w.feature(alert, fields: Catalog.alerts.fields)
                    return json(w, request, contentType: "application/geo+json")
                }
                let first = try alert["references_id"].intValue.flatMap { try worker.reader.feature($0, in: Catalog.alerts) }
                let xml = CAPMessage.xml(alert, first: first.map { ($0.id ?? 0, $0["created_at"].textValue ?? "") }, rules: rules)
                return Response(status: .ok, headers: ["Content-Type": "application/cap+xml; charset=utf-8"], body: Array(xml.utf8))
            },
            Endpoint(method: .post, pattern: "/alerts/{alertId}/ack",
                     summary: "Acknowledge an alert (a responder's, editor's or admin's token): who and when are recorded once, audited; acknowledging again changes nothing",
                     tag: "Alerts", access: .anyToken,
                     responses: [200: "the alert as acknowledged", 403: "the role may not acknowledge", 404: "no such alert"]) { request, caller, _ in
                guard let role = caller.token?.role, [.responder, .editor, .admin].contains(role) else {
                    throw Authenticator.forbidden(request, caller, "acknowledging an alert needs a responder, editor or admin token")
                }
                guard let id = Int64(request.parameters["alertId"] ?? "") else { throw HTTPError(.notFound, "no alert \(request.parameters["alertId"] ?? "")") }
                let alert = try store.write(caller.writeContext) { tx -> Feature in
                    let current = try tx.feature(id, in: Catalog.alerts)
                    guard current["acknowledged_at"] == .null else { return current }
                    return try tx.update(id, in: Catalog.alerts, with: Feature(geometry: nil, properties: [
                        "acknowledged_by": .text(caller.token?.name ?? caller.actor), "acknowledged_at": .text(tx.context.time)]), merge: true)
                }
                var w = JSONWriter()
                w.feature(alert, fields: Catalog.alerts.fields)
                return json(w, request, contentType: "application/geo+json")
            },
        ]
    }

    /// An event stream: what the client missed since Last-Event-ID first (from the database, at most 24 hours
    /// back), then each new alert as the hub delivers it. Alerts arriving during the replay wait and follow it, so
    /// every alert goes out once, in id order.
    private func stream(_ request: Request, _ worker: Worker) throws -> Response {
        let filter = AlertHub.Filter(levels: Set(try Self.levels(request)), area: request.query["area"])
        let lastSeen = try Self.integer(request.headers["Last-Event-ID"], name: "Last-Event-ID")
        let events = EventStream()
        struct State {
            var lastSent: Int64
            var replaying = true
            var pending: [(Int64, Feature)] = []
        }
        let state = Mutex(State(lastSent: lastSeen ?? hub.lastID))
        @Sendable func send(_ id: Int64, _ a: Feature) -> Bool {
            var w = JSONWriter()
            w.feature(a, fields: Catalog.alerts.fields)
            return events.send(data: w.string, event: "alert", id: String(id))
        }
        let key = hub.listen(filter) { id, alert in
            state.withLock { s in
                if s.replaying { s.pending.append((id, alert)); return true }
                guard id > s.lastSent else { return true }
                s.lastSent = id
                return send(id, alert)
            }
        }
        events.onClose { [hub] in hub.stopListening(key) }
        events.retry(milliseconds: 3_000)
        if let lastSeen {
            let since = Timestamp.format(epochSeconds: Int64(time(nil)) - Self.replaySeconds)
            var after = lastSeen
            while true {
                let missed = try worker.reader.connection.alerts(after: after, since: since, levels: Array(filter.levels), area: filter.area, limit: 1_000)
                for a in missed { _ = send(a.id ?? 0, a) }
                guard let last = missed.last?.id else { break }
                after = last
                state.withLock { $0.lastSent = max($0.lastSent, last) }
                if missed.count < 1_000 { break }
            }
        }
        state.withLock { s in
            for (id, a) in s.pending.sorted(by: { $0.0 < $1.0 }) where id > s.lastSent {
                s.lastSent = id
                _ = send(id, a)
            }
            s.pending = []
            s.replaying = false
        }
        return .events(events)
    }

    static func levels(_ request: Request) throws -> [String] {
        guard let text = request.query["level"], !text.isEmpty else { return [] }
        let levels = text.split(separator: ",").map(String.init)
        if let bad = levels.first(where: { !Catalog.levels.contains($0) }) {
            throw HTTPError(.badRequest, "level must be among \(Catalog.levels.joined(separator: ", ")); got '\(bad)'")
        }
        return levels
    }

    static func openOnly(_ request: Request) throws -> Bool {
        switch request.query["status"] {
        case nil, "all": return false
        case "open": return true
        case let other?: throw HTTPError(.badRequest, "status must be open or all; got '\(other)'")
        }
    }

    static func since(_ request: Request) throws -> String {
        guard let text = request.query["since"] else { return Timestamp.format(epochSeconds: Int64(time(nil)) - replaySeconds) }
        guard let t = Timestamp.parse(text) else { throw HTTPError(.badRequest, "since must be an RFC 3339 time; got '\(text)'") }
        return Timestamp.format(epochSeconds: t)
    }

    static func integer(_ text: String?, name: String, range: ClosedRange<Int>? = nil) throws -> Int64? {
        guard let text else { return nil }
        guard let n = Int64(text), n >= 0, range.map({ $0.contains(Int(n)) }) ?? true else {
            throw HTTPError(.badRequest, "\(name) must be a whole number\(range.map { " from \($0.lowerBound) to \($0.upperBound)" } ?? " ≥ 0"); got '\(text)'")
        }
        return n
    }
}
