import Foundation
import Testing

/// The planners' computed layers as OGC API – Features collections: listed in /collections, each with its own
/// document, and their items paged so that walking the `next` links gives every feature the analysis endpoints
/// give, once each.
@Suite struct ComputedCollectionTests {
    @Test func listedBesideTheStoredLayers() throws {
        let server = try TestServer()
        let listed = (server.get("/collections").object["collections"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(listed.contains("pipeline_hca") && listed.contains("threat_zones") && listed.contains("risks"), "\(listed)")
        let hca = server.get("/collections/pipeline_hca").object
        #expect(hca["geometryTypes"] as? [String] == ["LineString"])
        #expect(((hca["properties"] as? [String: Any])?["grade"] as? [String: Any])?["type"] as? String == "integer")
        let bbox = (((hca["extent"] as? [String: Any])?["spatial"] as? [String: Any])?["bbox"] as? [[Double]])?.first ?? []
        #expect(bbox.count == 4 && bbox[0] < bbox[2], "\(bbox)")
        #expect(server.get("/collections/threat_zones").object["geometryTypes"] as? [String] == ["Polygon"])
    }

    @Test func pagesOfStretchesAreTheAnalysisAnswer() throws {
        let server = try TestServer()
        let all = server.get("/analysis/pipeline-hca").object["features"] as? [[String: Any]] ?? []
        try #require(all.count >= 3, "the demo has \(all.count) stretches")
        let ids = walk(server, "/collections/pipeline_hca/items?limit=2")
        #expect(ids == all.compactMap { $0["id"] as? String })
        let first = server.get("/collections/pipeline_hca/items?limit=2").object
        #expect(first["numberMatched"] as? Int == all.count && first["numberReturned"] as? Int == 2)
        #expect(server.get("/collections/pipeline_hca/items?grade=4").status == 400)
        #expect(server.get("/collections/pipeline_hca/items?limit=0").status == 400)
    }

    @Test func pagesOfRingsWalkEveryEnterpriseOnce() throws {
        let server = try TestServer()
        let box = "bbox=119,30,122,33"
        let all = (server.get("/analysis/threat-zones?\(box)").object["features"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        try #require(all.count >= 5, "the demo has \(all.count) rings")
        // Two rings a page splits enterprises with three rings across pages; the cursor must neither skip nor repeat.
        let paged = walk(server, "/collections/threat_zones/items?\(box)&limit=2")
        #expect(paged == all, "\(paged.count) paged against \(all.count)")
        let one = server.get("/collections/threat_zones/items?\(box)&limit=1").object
        let feature = try #require((one["features"] as? [[String: Any]])?.first)
        #expect((feature["geometry"] as? [String: Any])?["type"] as? String == "Polygon")
        #expect(server.get("/collections/threat_zones/items?start=abc").status == 400)
        #expect(server.get("/collections/threat_zones/items?limit=501").status == 400)
        #expect(server.get("/collections/threat_zones/items?offset=3").status == 400)
    }

    /// Feature ids in order, following `next` links from `path`.
    private func walk(_ server: TestServer, _ path: String) -> [String] {
        var ids: [String] = [], next: String? = path, pages = 0
        while let p = next, pages < 10_000 {
            let page = server.get(p).object
            ids += (page["features"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            let link = (page["links"] as? [[String: Any]] ?? []).first { $0["rel"] as? String == "next" }?["href"] as? String
            next = link.flatMap { URL(string: $0) }.map { $0.path + ($0.query.map { "?" + $0 } ?? "") }
            pages += 1
        }
        return ids
    }
}
