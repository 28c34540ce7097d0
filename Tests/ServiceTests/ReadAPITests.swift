import Foundation
import Testing
@_spi(RawSQL) import Store

@Suite(.serialized) struct ReadAPITests {
    let server: TestServer

    init() throws { server = try TestServer() }

    @Test func landingConformanceAndCollections() throws {
        let landing = server.get("/")
        #expect(landing.status == 200)
        let rels = (landing.object["links"] as? [[String: Any]] ?? []).compactMap { $0["rel"] as? String }
        #expect(Set(rels).isSuperset(of: ["self", "service-desc", "conformance", "data"]))
        let conformance = server.get("/conformance").object["conformsTo"] as? [String] ?? []
        #expect(conformance.contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"))
        #expect(conformance.contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson"))
        let collections = server.get("/collections").object["collections"] as? [[String: Any]] ?? []
        #expect(collections.compactMap { $0["id"] as? String } == Catalog.layers.map(\.name) + ["pipeline_hca", "threat_zones"])
        let risks = server.get("/collections/risks").object
        let bbox = ((risks["extent"] as? [String: Any])?["spatial"] as? [String: Any])?["bbox"] as? [[Double]]
        #expect(bbox?.first.map { $0[0] > 120 && $0[0] < 121 && $0[1] > 31 && $0[3] < 32 } == true)
        let temporal = (risks["extent"] as? [String: Any])?["temporal"] as? [String: Any]
        #expect(temporal != nil, "risks have time windows")
        let sector = (server.get("/collections/risk_sources").object["properties"] as? [String: Any])?["sector"] as? [String: Any]
        let labels = sector?["x-labels"] as? [String: [String: String]]
        #expect(labels?["hazardous_chemicals"]?["zh"] == "危险化学品", "codes carry labels for people")
        #expect(server.get("/collections/nope").status == 404)
        #expect(server.get("/collections/nope").headers["content-type"] == "application/problem+json")
    }

    @Test func itemsPageWithLinksAndCounts() throws {
        let first = server.get("/collections/risks/items?limit=50")
        #expect(first.status == 200)
        #expect(first.headers["content-type"] == "application/geo+json")
        let fc = first.object
        #expect(fc["type"] as? String == "FeatureCollection")
        #expect(fc["numberMatched"] as? Int == 410)
        #expect(fc["numberReturned"] as? Int == 50)
        let links = fc["links"] as? [[String: Any]] ?? []
        let next = try #require(links.first { $0["rel"] as? String == "next" }?["href"] as? String)
        #expect(next.hasSuffix("offset=50"))
        let second = server.get(String(next.dropFirst(server.base.count))).object
        let ids1 = (fc["features"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
        let ids2 = (second["features"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
        #expect(ids1.count == 50 && ids2.count == 50 && Set(ids1).isDisjoint(with: ids2))
        #expect((second["links"] as? [[String: Any]] ?? []).contains { $0["rel"] as? String == "prev" })
    }

    @Test func filtersBboxSortAndProperties() throws {
        let major = server.get("/collections/risks/items?level=%E9%87%8D%E5%A4%A7&limit=1000&properties=level,name&sortby=-name").object
        let features = major["features"] as? [[String: Any]] ?? []
        #expect(features.count == 20)
        for f in features {
            let p = f["properties"] as? [String: Any] ?? [:]
            #expect(Set(p.keys) == ["level", "name"])
            #expect(p["level"] as? String == "major")
        }
        let names = features.compactMap { ($0["properties"] as? [String: Any])?["name"] as? String }
        #expect(names == names.sorted(by: >))
        let box = "120.61,31.30,120.63,31.32"
        let inBox = server.get("/collections/sites/items?bbox=\(box)&limit=1000").object["features"] as? [[String: Any]] ?? []
        #expect(!inBox.isEmpty)
        let expected = try server.store.read { try $0.features(in: Catalog.sites, bbox: .init(minX: 120.61, minY: 31.30, maxX: 120.63, maxY: 31.32)).count }
        #expect(inBox.count == expected)
    }

    @Test func oneFeatureAndETagRevalidation() throws {
        let item = server.get("/collections/sites/items/3")
        #expect(item.status == 200)
        #expect(item.object["id"] as? Int == 3)
        let etag = try #require(item.headers["etag"])
        let again = server.get("/collections/sites/items/3", headers: ["If-None-Match": etag])
        #expect(again.status == 304)
        #expect(server.get("/collections/sites/items/999999").status == 404)
        #expect(server.get("/collections/sites/items/abc").status == 404)
    }

    @Test func badParametersAre400ProblemsNamingTheProblem() throws {
        let cases: [(String, String)] = [
            ("/collections/risks/items?bogus=1", "unknown query parameter 'bogus'"),
            ("/collections/risks/items?bbox=1,2,3", "bbox must be four numbers"),
            ("/collections/risks/items?bbox=10,10,5,5", "minimum above its maximum"),
            ("/collections/risks/items?bbox=0,0,200,10", "outside longitude"),
            ("/collections/risks/items?limit=0", "limit must be"),
            ("/collections/risks/items?limit=100000000", "limit must be"),
            ("/collections/risks/items?datetime=yesterday", "not an RFC 3339"),
            ("/collections/risks/items?level=huge", "'huge' is not one of"),
            ("/collections/risks/items?sortby=password", "unknown property 'password'"),
            ("/collections/risks/items?name=%27%3B%20DROP%20TABLE%20risks%3B--", ""),
        ]
        for (path, needle) in cases {
            let r = server.get(path)
            if needle.isEmpty {
                #expect(r.status == 200, "\(path)")
                #expect(r.object["numberMatched"] as? Int == 0)
                continue
            }
            #expect(r.status == 400, "\(path) → \(r.status)")
            #expect(r.headers["content-type"] == "application/problem+json")
            #expect((r.object["detail"] as? String ?? "").contains(needle), "\(path): \(r.text)")
        }
        #expect(try server.store.read { try $0.count(Catalog.risks) } == 410)
    }

    @Test func datetimeSelectsTemporaryRisks() throws {
        let all = server.get("/collections/risks/items?limit=1000").object["numberMatched"] as? Int ?? 0
        let far = server.get("/collections/risks/items?limit=1000&datetime=2035-01-01T00:00:00Z").object["numberMatched"] as? Int ?? 0
        let windowed = try server.store.read { try $0.connection.scalar("SELECT count(*) FROM risks WHERE valid_to < '2035-01-01'").intValue ?? 0 }
        #expect(windowed > 0)
        #expect(far == all - Int(windowed))
    }

    @Test func healthMetricsAndOpenAPI() throws {
        let health = server.get("/health").object
        #expect(health["status"] as? String == "ok")
        #expect(health["schemaVersion"] as? Int == Schema.latestVersion)
        _ = server.get("/collections/risks/items?limit=1")
        let metrics = server.get("/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.text.contains("/collections/{collectionId}/items"))
        _ = server.get("/tiles/risks/12/3420/1672.mvt")
        _ = server.get("/tiles/risks/12/3420/1672.mvt")
        let after = server.get("/metrics").text
        #expect(after.contains("riskmap_tile_cache_hits_total "))
        let hits = after.split(separator: "\n").first { $0.hasPrefix("riskmap_tile_cache_hits_total ") }.flatMap { Int($0.split(separator: " ")[1]) }
        #expect((hits ?? 0) >= 1)
        let held = after.split(separator: "\n").first { $0.hasPrefix("riskmap_tile_source_features ") }.flatMap { Int($0.split(separator: " ")[1]) }
        let stored = try server.store.read { r in
            try ["areas", "roads", "pipelines", "sites", "resources", "risk_sources", "risks", "reports"].reduce(0) {
                $0 + Int(try r.connection.scalar("SELECT count(*) FROM \($1) WHERE geom IS NOT NULL").intValue ?? 0)
            }
        }
        #expect(held == stored, "the tile sources hold every feature with a geometry")
        let doc = server.get("/openapi.json").object
        #expect(doc["openapi"] as? String == "3.1.0")
        let paths = doc["paths"] as? [String: [String: Any]] ?? [:]
        for path in ["/", "/conformance", "/collections", "/collections/{collectionId}", "/collections/{collectionId}/items",
                     "/collections/{collectionId}/items/{featureId}", "/health", "/metrics", "/openapi.json"] {
            #expect(paths[path] != nil, "\(path) missing from /openapi.json")
        }
        #expect(Set(paths["/collections/{collectionId}/items/{featureId}"]?.keys.map { $0 } ?? []) == ["get", "put", "patch", "delete"])
    }

    @Test func gzipWhenAsked() throws {
        // URLSession asks for gzip and inflates; the header shows the server sent it compressed.
        let r = server.get("/collections/roads/items?limit=500", headers: ["Accept-Encoding": "gzip"])
        #expect(r.status == 200)
        #expect(r.headers["content-encoding"] == "gzip")
        #expect(r.object["numberReturned"] as? Int == 500)
    }
}
