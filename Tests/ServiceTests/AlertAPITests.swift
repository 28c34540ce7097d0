import Foundation
import GeoKit
@_spi(RawSQL) import Store
import Synchronization
import TestSupport
import Testing

/// The report-to-alert loop over a real server on loopback, with curl as the event-stream client and cap-tools
/// (bindings generated from the OASIS CAP 1.2 schema) reading the CAP messages.
@Suite(.serialized) struct AlertAPITests {
    /// `curl -N` on an event stream: what arrives, as it arrives.
    final class EventClient: @unchecked Sendable {
        final class Buffer: Sendable { let text = Mutex("") }
        let process = Process()
        let buffer = Buffer()

        init(_ url: String, lastEventID: Int64? = nil) throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["curl", "-sN", url] + (lastEventID.map { ["-H", "Last-Event-ID: \($0)"] } ?? [])
            let out = Pipe()
            process.standardOutput = out
            out.fileHandleForReading.readabilityHandler = { [buffer] h in
                let data = h.availableData
                buffer.text.withLock { $0 += String(decoding: data, as: UTF8.self) }
            }
            try process.run()
        }

        deinit { process.terminate() }

        var received: String { buffer.text.withLock { $0 } }

        /// The alert events so far: (id, data).
        var events: [(id: Int64, data: [String: Any])] {
            received.components(separatedBy: "\n\n").compactMap { block in
                let lines = block.split(separator: "\n")
                guard lines.contains("event: alert"), let id = lines.first(where: { $0.hasPrefix("id: ") }).flatMap({ Int64($0.dropFirst(4)) }),
                      let data = lines.first(where: { $0.hasPrefix("data: ") }),
                      let json = try? JSONSerialization.jsonObject(with: Data(data.dropFirst(6).utf8)) as? [String: Any] else { return nil }
                return (id, json)
            }
        }

        @discardableResult
        func wait(seconds: Double = 5, until done: (EventClient) -> Bool) -> Bool {
            let end = Date().addingTimeInterval(seconds)
            while Date() < end {
                if done(self) { return true }
                Thread.sleep(forTimeInterval: 0.02)
            }
            return done(self)
        }
    }

    /// A school of the demo city and a risk source to report for.
    static func school(_ server: TestServer) throws -> (name: String, lon: Double, lat: Double, source: Int64) {
        try server.store.read { r in
            let s = try r.connection.prepare("SELECT name, ST_X(geom), ST_Y(geom) FROM sites WHERE category = 'school' ORDER BY fid LIMIT 1")
            try #require(try s.step())
            let source = try r.connection.scalar("SELECT min(fid) FROM risk_sources").intValue ?? 1
            return (s.text(0) ?? "", s.double(1), s.double(2), source)
        }
    }

    static func report(lon: Double, lat: Double, source: Int64, radius: Double = 300, validTo: String = "2099-01-01T00:00:00Z") -> String {
        """
        {"type":"Feature","geometry":{"type":"Point","coordinates":[\(lon),\(lat)]},
         "properties":{"reporter":"test","source_id":\(source),"activity":"hot_work","level":"major","impact_radius_m":\(radius),
                       "valid_from":"2020-01-01T00:00:00Z","valid_to":"\(validTo)"}}
        """
    }

    @Test func aReportNearASchoolReachesAnOpenStreamWithinASecond() throws {
        let server = try TestServer()
        let editor = try server.token(.editor)
        let school = try Self.school(server)
        let stream = try EventClient(server.base + "/alerts/stream")
        #expect(stream.wait { $0.received.contains("retry: ") })
        let posted = server.send("POST", "/collections/reports/items", token: editor, json: Self.report(lon: school.lon + 0.0005, lat: school.lat, source: school.source))
        let created = Date()
        #expect(posted.status == 201)
        #expect(stream.wait(seconds: 1) { !$0.events.isEmpty }, "the alert reached the stream within a second")
        let latency = Date().timeIntervalSince(created)
        #expect(latency < 1)
        let event = try #require(stream.events.first)
        let props = event.data["properties"] as? [String: Any] ?? [:]
        #expect(props["msg_type"] as? String == "Alert" && props["cause_layer"] as? String == "reports")
        #expect((props["message"] as? String)?.contains(school.name) == true)
        // Listed, and one by one.
        let listed = server.get("/alerts?level=major&status=open").object["features"] as? [[String: Any]] ?? []
        #expect(listed.compactMap { $0["id"] as? Int }.contains(Int(event.id)))
        #expect(server.get("/alerts/\(event.id)").status == 200 && server.get("/alerts/999999").status == 404)
        #expect(server.get("/alerts?level=purple").status == 400 && server.get("/alerts?status=maybe").status == 400)
        // Nobody edits an alert through the features API.
        #expect(server.send("PATCH", "/collections/alerts/items/\(event.id)", token: editor, json: #"{"properties":{"level":"low"}}"#).status == 403)
    }

    @Test func reconnectingWithLastEventIDGetsExactlyWhatItMissedInOrder() throws {
        let server = try TestServer()
        let editor = try server.token(.editor)
        let school = try Self.school(server)
        func post() { _ = server.send("POST", "/collections/reports/items", token: editor, json: Self.report(lon: school.lon, lat: school.lat + 0.0003, source: school.source)) }
        var first: EventClient? = try EventClient(server.base + "/alerts/stream")
        first!.wait { $0.received.contains("retry: ") }
        post()
        first!.wait { $0.events.count == 1 }
        let seen = try #require(first!.events.first?.id)
        first = nil
        post()
        post()
        let missed = try server.store.read { try $0.connection.alerts(after: seen, limit: 10) }.compactMap(\.id)
        #expect(missed.count == 2)
        let again = try EventClient(server.base + "/alerts/stream", lastEventID: seen)
        #expect(again.wait { $0.events.count == 2 })
        #expect(again.events.map(\.id) == missed)
        post()
        #expect(again.wait { $0.events.count == 3 })
        Thread.sleep(forTimeInterval: 0.3)
        let ids = again.events.map(\.id)
        #expect(ids.count == 3 && ids == ids.sorted() && Set(ids).count == 3, "each once, in order: \(ids)")
    }

    @Test func anEnterpriseCannotReportForAnotherAndAcknowledgingIsARolesAndAudited() throws {
        let server = try TestServer()
        let school = try Self.school(server)
        let other = try server.store.read { try $0.connection.scalar("SELECT max(fid) FROM risk_sources").intValue ?? 2 }
        let enterprise = try server.token(.enterprise, sources: [school.source])
        let before = try server.fingerprint()
        let refused = server.send("POST", "/collections/reports/items", token: enterprise, json: Self.report(lon: school.lon, lat: school.lat, source: other))
        #expect(refused.status == 403)
        #expect(try server.fingerprint() == before, "nothing written, no alert raised")
        #expect(server.send("POST", "/collections/reports/items", token: enterprise, json: Self.report(lon: school.lon, lat: school.lat, source: school.source)).status == 201)
        let alert = try #require((server.get("/alerts").object["features"] as? [[String: Any]])?.first?["id"] as? Int)
        #expect(server.send("POST", "/alerts/\(alert)/ack", token: try server.token(.viewer), json: "").status == 403)
        #expect(server.send("POST", "/alerts/\(alert)/ack", token: nil, json: "").status == 401)
        let acked = server.send("POST", "/alerts/\(alert)/ack", token: try server.token(.responder), json: "")
        #expect(acked.status == 200)
        let props = acked.object["properties"] as? [String: Any] ?? [:]
        #expect(props["acknowledged_by"] as? String == "test responder" && props["acknowledged_at"] is String)
        // Again, by someone else: the first acknowledgement stands.
        let twice = server.send("POST", "/alerts/\(alert)/ack", token: try server.token(.editor), json: "")
        #expect((twice.object["properties"] as? [String: Any])?["acknowledged_by"] as? String == "test responder")
        let audited = try server.store.read { try $0.connection.scalar("SELECT count(*) FROM audit WHERE layer = 'alerts' AND action = 'update' AND feature_id = ?", [.integer(Int64(alert))]).intValue }
        #expect(audited == 1)
        #expect((server.get("/alerts?status=open").object["features"] as? [[String: Any]])?.isEmpty == true)
    }

    @Test func capMessagesReadBackWithAnIndependentParserAndTheCancelEndsTheThread() throws {
        let server = try TestServer()
        let editor = try server.token(.editor)
        let school = try Self.school(server)
        let posted = server.send("POST", "/collections/reports/items", token: editor, json: Self.report(lon: school.lon, lat: school.lat, source: school.source))
        let report = try #require(posted.object["id"] as? Int)
        #expect(server.send("PATCH", "/collections/reports/items/\(report)", token: editor, json: #"{"type":"Feature","properties":{"status":"cancelled"}}"#).status == 200)
        let alerts = (server.get("/alerts").object["features"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
        try #require(alerts.count == 2)
        var files: [String] = []
        for id in alerts {
            let cap = server.get("/alerts/\(id).cap")
            #expect(cap.status == 200 && cap.headers["content-type"]?.hasPrefix("application/cap+xml") == true)
            let file = server.dir.appendingPathComponent("\(id).cap").path
            try cap.body.write(to: URL(fileURLWithPath: file))
            files.append(file)
        }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("cap_check.py").path
        let run = try CLI.python(script, files)
        try #require(run.status == 0, "cap-tools refused a message (scripts/setup.sh --test installs it): \(run.stderr)")
        let data = Data(run.stdout.utf8)
        let seen = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let messages = seen["messages"] as? [[String: Any]] ?? []
        #expect(messages.map { $0["msgType"] as? String } == ["Alert", "Cancel"])
        #expect(messages.allSatisfy { ($0["identifier"] as? String)?.count == 6 + 8 + 14 + 4 && $0["status"] as? String == "Actual" })
        #expect(messages.last?["references"] as? [String] == [messages.first?["identifier"] as? String ?? ""])
        #expect(messages.first?["severity"] as? String == "Extreme" && (messages.first?["circles"] as? [String])?.count == 1)
        #expect(seen["live"] as? [String] == [messages.last?["identifier"] as? String ?? ""], "the Cancel retired the Alert it references")
        let feed = server.get("/alerts.cap")
        #expect(feed.status == 200 && feed.text.contains("<link rel=\"alternate\" type=\"application/cap+xml\" href=\"/alerts/\(alerts[0]).cap\"/>"))
    }

    @Test func aReportWhoseWindowEndsStopsCountingNearbyByItself() throws {
        let server = try TestServer()
        let editor = try server.token(.editor)
        let school = try Self.school(server)
        let ends = Timestamp.format(epochSeconds: Int64(Date().timeIntervalSince1970) + 2)
        let posted = server.send("POST", "/collections/reports/items", token: editor,
                                 json: Self.report(lon: school.lon + 0.002, lat: school.lat, source: school.source, validTo: ends))
        let id = try #require(posted.object["id"] as? Int)
        func nearbyReports() -> [String] {
            let features = server.get("/analysis/nearby?lon=\(school.lon)&lat=\(school.lat)&radius=1000&layers=reports").object["features"] as? [[String: Any]] ?? []
            return features.compactMap { $0["id"] as? String }
        }
        #expect(nearbyReports().contains("reports.\(id)"))
        Thread.sleep(forTimeInterval: 3)
        #expect(!nearbyReports().contains("reports.\(id)"))
    }
}
