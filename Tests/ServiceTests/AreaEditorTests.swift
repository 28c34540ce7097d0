import Foundation
@_spi(RawSQL) import Store
import Testing

/// An editor token limited to one district, over HTTP: it may add and change features inside the district,
/// nothing outside it, and never the areas themselves; each refusal is a 403 that changes nothing.
@Suite struct AreaEditorTests {
    struct District {
        let code: String
        let fid: Int64
        let lon: Double, lat: Double
    }

    func districts(_ server: TestServer) throws -> [District] {
        try server.store.read { r in
            let s = try r.connection.prepare("""
                SELECT code, fid, ST_X(PointOnSurface(geom)), ST_Y(PointOnSurface(geom)) FROM areas WHERE level = 'district' ORDER BY fid LIMIT 2
                """)
            var out: [District] = []
            while try s.step() { out.append(District(code: s.text(0) ?? "", fid: s.int64(1), lon: s.double(2), lat: s.double(3))) }
            return out
        }
    }

    func site(_ lon: Double, _ lat: Double) -> String {
        #"{"type":"Feature","geometry":{"type":"Point","coordinates":[\#(lon),\#(lat)]},"properties":{"name":"area test","category":"mall"}}"#
    }

    @Test func anEditorLimitedToADistrictWritesOnlyInsideIt() throws {
        let server = try TestServer()
        let ds = try districts(server)
        try #require(ds.count == 2)
        let (mine, theirs) = (ds[0], ds[1])
        let token = try server.store.createToken(name: "district editor", role: .editor, areas: [mine.code], context: WriteContext(actor: "test")).secret

        let created = server.send("POST", "/collections/sites/items", token: token, json: site(mine.lon, mine.lat))
        #expect(created.status == 201, "\(created.text)")
        let id = try #require(created.object["id"] as? Int)
        #expect(server.send("PATCH", "/collections/sites/items/\(id)", token: token, json: #"{"type":"Feature","properties":{"capacity":300}}"#).status == 200)

        let before = try server.fingerprint()
        let outside = server.send("POST", "/collections/sites/items", token: token, json: site(theirs.lon, theirs.lat))
        #expect(outside.status == 403)
        #expect(outside.text.contains("outside the areas") && outside.text.contains(mine.code))
        // Moving its own feature out, touching one outside, or redrawing the district: all refused.
        #expect(server.send("PATCH", "/collections/sites/items/\(id)", token: token,
                            json: #"{"type":"Feature","geometry":{"type":"Point","coordinates":[\#(theirs.lon),\#(theirs.lat)]},"properties":{}}"#).status == 403)
        let foreign = try server.store.read { r in
            try r.connection.scalar("SELECT s.fid FROM sites s, areas a WHERE a.fid = ? AND ST_Within(s.geom, a.geom) = 1 LIMIT 1", [.integer(theirs.fid)]).intValue
        }
        if let foreign { #expect(server.send("DELETE", "/collections/sites/items/\(foreign)", token: token, json: "").status == 403) }
        #expect(server.send("PATCH", "/collections/areas/items/\(mine.fid)", token: token, json: #"{"type":"Feature","properties":{"name":"mine"}}"#).status == 403)
        #expect(try server.fingerprint() == before)

        // An unlimited editor may do what the limited one may not.
        let anywhere = try server.token(.editor)
        #expect(server.send("POST", "/collections/sites/items", token: anywhere, json: site(theirs.lon, theirs.lat)).status == 201)
    }

    @Test func onlyEditorTokensAreLimitedToAreasThatExist() throws {
        let server = try TestServer()
        let code = try #require(try districts(server).first?.code)
        let test = WriteContext(actor: "test")
        #expect(throws: StoreError.self) { try server.store.createToken(name: "x", role: .editor, areas: ["999999"], context: test) }
        #expect(throws: StoreError.self) { try server.store.createToken(name: "x", role: .viewer, areas: [code], context: test) }
        let (token, _) = try server.store.createToken(name: "x", role: .editor, areas: [code, code], context: test)
        #expect(token.areas == [code] && token.scope == " limited to areas \(code)")
        #expect(try server.store.tokens().first { $0.id == token.id }?.areas == [code])
    }
}
