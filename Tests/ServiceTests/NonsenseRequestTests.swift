import Foundation
import Testing

/// Requests that used to answer 500: each is the client's mistake and must say so with a 4xx, and PROJ is
/// never handed a definition (or a file path) from a request.
@Suite struct NonsenseRequestTests {
    @Test func aThousandSearchTermsIsABadRequest() throws {
        let server = try TestServer(demo: false)
        let q = (0..<1000).map { "t\($0)" }.joined(separator: ",")
        let r = server.get("/collections/sites/items?q=\(q)")
        #expect(r.status == 400, "\(r.text.prefix(200))")
        #expect(r.text.contains("at most"))
        #expect(server.get("/collections/sites/items?q=a,b,c").status == 200)
    }

    @Test func importParametersAreCheckedNotHandedOn() throws {
        let server = try TestServer(demo: false)
        let admin = try server.token(.admin)
        let body = #"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[120.6,31.3]},"properties":{"name":"x","category":"school"}}]}"#
        let before = try server.fingerprint()
        for (query, says) in [("crs=bogus", "EPSG"), ("crs=%2Binit%3D/etc/passwd:x", "EPSG"), ("crs=%2Bproj%3Dlonglat", "EPSG"),
                              ("mode=upsert&key=nope", "nope"), ("format=csv", "")] {
            let r = server.send("POST", "/imports?layer=sites&\(query)", token: admin, json: body)
            #expect(r.status == 400, "\(query): \(r.status) \(r.text.prefix(200))")
            #expect(!r.text.contains("Invalid content for"), "PROJ opened a file a request named")
            if !says.isEmpty { #expect(r.text.contains(says), "\(query): \(r.text.prefix(200))") }
            #expect(!r.text.contains("riskmap-import-"), "the staged file's path leaks")
        }
        #expect(try server.fingerprint().dropLast() == before.dropLast())
        for crs in ["EPSG:4326", "urn:ogc:def:crs:EPSG::4326", "CRS84", "GCJ-02"] {
            let r = server.send("POST", "/imports?layer=sites&crs=\(crs)", token: admin, json: body)
            #expect(r.status == 200, "\(crs): \(r.text.prefix(200))")
        }
    }

    /// A polygon over nearly the whole world is refused with a 400 naming the bound, and imports go on working.
    @Test func aWorldSizedFeatureIsABadRequest() throws {
        let server = try TestServer()
        let admin = try server.token(.admin)
        let world = #"{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[-179,-80],[179,-80],[179,80],[-179,80],[-179,-80]]]},"properties":{"name":"w","category":"school"}}"#
        let r = server.send("POST", "/collections/sites/items", token: admin, json: world)
        #expect(r.status == 400)
        #expect(r.text.contains("extent"), "\(r.text)")
        let body = #"{"type":"FeatureCollection","features":[\#(world)]}"#
        #expect(server.send("POST", "/imports?layer=sites", token: admin, json: body).status == 400)
        let fine = #"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[120.6,31.3]},"properties":{"name":"x","category":"school"}}]}"#
        #expect(server.send("POST", "/imports?layer=sites", token: admin, json: fine).status == 200)
    }
}
