import Foundation
import GeoKit
@_spi(RawSQL) import Store
import Testing

/// docs/SECURITY.md's roles table, cell by cell, over a real server: every role (and no token) tries every kind
/// of action, and what it may not do changes nothing.
@Suite struct RoleMatrixTests {
    enum Who: String, CaseIterable {
        case anonymous, viewer, planner, responder, enterprise, editor, admin
    }

    enum Action: String, CaseIterable {
        case read, reportForOwnSource, reportForAnotherSource, writeSites, acknowledgeAlert, editAlert, importFile
    }

    /// What docs/SECURITY.md allows: the status each caller gets.
    static func expected(_ who: Who, _ action: Action) -> Int {
        let denied = who == .anonymous ? 401 : 403
        switch action {
        case .read: return 200
        case .reportForOwnSource: return [.enterprise, .editor, .admin].contains(who) ? 201 : denied
        case .reportForAnotherSource: return [.editor, .admin].contains(who) ? 201 : denied
        case .writeSites: return [.editor, .admin].contains(who) ? 201 : denied
        case .acknowledgeAlert: return [.responder, .editor, .admin].contains(who) ? 200 : denied
        case .editAlert: return denied
        case .importFile: return who == .admin ? 200 : denied
        }
    }

    @Test func everyRoleMayDoWhatTheTableSaysAndNothingElse() throws {
        let server = try TestServer()
        let (own, other, lon, lat) = try server.store.read { r -> (Int64, Int64, Double, Double) in
            let s = try r.connection.prepare("SELECT ST_X(geom), ST_Y(geom) FROM sites WHERE category = 'school' ORDER BY fid LIMIT 1")
            try #require(try s.step())
            return (try r.connection.scalar("SELECT min(fid) FROM risk_sources").intValue ?? 1,
                    try r.connection.scalar("SELECT max(fid) FROM risk_sources").intValue ?? 2, s.double(0), s.double(1))
        }
        func report(_ source: Int64) -> String {
            """
            {"type":"Feature","geometry":{"type":"Point","coordinates":[\(lon),\(lat)]},"properties":{"reporter":"matrix","source_id":\(source),
             "activity":"hot_work","level":"major","impact_radius_m":300,"valid_from":"2020-01-01T00:00:00Z","valid_to":"2099-01-01T00:00:00Z"}}
            """
        }
        // An alert to acknowledge and to try to edit, raised by an editor's report.
        let editor = try server.token(.editor)
        #expect(server.send("POST", "/collections/reports/items", token: editor, json: report(own)).status == 201)
        let alert = try #require((server.get("/alerts").object["features"] as? [[String: Any]])?.first?["id"] as? Int)
        let site = #"{"type":"Feature","geometry":{"type":"Point","coordinates":[120.6,31.3]},"properties":{"name":"matrix site","category":"mall"}}"#
        let csv = "name,category,lon,lat\nimported site,mall,120.61,31.31\n"

        for who in Who.allCases {
            let token = who == .anonymous ? nil : try server.token(Token.Role(rawValue: who.rawValue)!, sources: who == .enterprise ? [own] : nil)
            for action in Action.allCases {
                let before = try server.fingerprint()
                let status: Int
                switch action {
                case .read:
                    status = server.get("/collections/risks/items?limit=1", headers: token.map { ["Authorization": "Bearer \($0)"] } ?? [:]).status
                case .reportForOwnSource:
                    status = server.send("POST", "/collections/reports/items", token: token, json: report(own)).status
                case .reportForAnotherSource:
                    status = server.send("POST", "/collections/reports/items", token: token, json: report(other)).status
                case .writeSites:
                    status = server.send("POST", "/collections/sites/items", token: token, json: site).status
                case .acknowledgeAlert:
                    status = server.send("POST", "/alerts/\(alert)/ack", token: token, json: "").status
                case .editAlert:
                    status = server.send("PATCH", "/collections/alerts/items/\(alert)", token: token, json: #"{"type":"Feature","properties":{"level":"low"}}"#).status
                case .importFile:
                    var headers = ["Content-Type": "text/csv"]
                    if let token { headers["Authorization"] = "Bearer \(token)" }
                    status = server.request("POST", "/imports?layer=sites&format=csv", headers: headers, body: Data(csv.utf8)).status
                }
                #expect(status == Self.expected(who, action), "\(who) \(action): \(status)")
                if status >= 400 { #expect(try server.fingerprint() == before, "\(who) \(action) was refused but changed something") }
            }
        }
    }
}
