import Foundation
import GeoKit
@_spi(RawSQL) @testable import Store
import Testing

/// The extents /collections shows, kept by every write, equal the extents read afresh after inserts that grow
/// them, moves and deletions of features on an edge, window changes and a bulk insert.
@Suite struct LayerExtentsTests {
    static func site(_ lon: Double, _ lat: Double, window: (String?, String?) = (nil, nil)) -> Feature {
        var f = Feature(geometry: .point(Coordinate(lon, lat)), properties: ["name": "学校", "category": "school"])
        if let from = window.0 { f["valid_from"] = .text(from) }
        if let to = window.1 { f["valid_to"] = .text(to) }
        return f
    }

    static func text(_ e: LayerExtents.Extents) -> String {
        "\(e.spatial.map { [$0.minX, $0.minY, $0.maxX, $0.maxY] } ?? []) \(e.temporal.map { "\($0.from ?? "-")/\($0.to ?? "-")" } ?? "none")"
    }

    @Test func followedExtentsEqualExtentsReadAfresh() throws {
        let db = try TestDatabase()
        let extents = LayerExtents(store: db.store)
        db.store.follow(extents)
        let reader = try db.store.makeReader()
        func check(_ what: String) throws {
            let held = try extents.extents(of: Catalog.sites, reader: reader, seen: extents.generation)
            let fresh = try LayerExtents(store: db.store).extents(of: Catalog.sites, reader: reader, seen: 0)
            #expect(Self.text(held) == Self.text(fresh), "after \(what)")
        }
        func insert(_ f: Feature) throws -> Int64 { try db.store.write(editor) { try $0.insert(f, into: Catalog.sites).id! } }

        try check("nothing")
        let a = try insert(Self.site(120.6, 31.3))
        try check("a first site")
        let b = try insert(Self.site(120.7, 31.4, window: ("2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z")))
        try check("a site that grows both extents")
        _ = try insert(Self.site(120.65, 31.35, window: ("2025-06-01T00:00:00Z", nil)))
        try check("a site inside, with an earlier start")
        _ = try db.store.write(editor) { try $0.update(b, in: Catalog.sites, with: Self.site(120.62, 31.32), merge: false) }
        try check("the edge site moved inside, its window cleared")
        _ = try db.store.write(editor) { try $0.delete(a, from: Catalog.sites) }
        try check("the other edge site deleted")
        _ = try db.store.write(editor) { try $0.bulkInsert([Self.site(121.0, 31.0), Self.site(120.0, 32.0)], into: Catalog.sites, note: "test") }
        try check("a bulk insert")
    }
}
