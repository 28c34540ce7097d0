import Foundation
import GeoKit
import Testing
@_spi(RawSQL) @testable import Store

@Suite struct WriteTests {
    /// Inserts one feature in every layer (a risk source first, for the layers that refer to it).
    func fillEveryLayer(_ db: TestDatabase) throws -> [String: Feature] {
        try db.store.write(editor) { tx in
            let source = try tx.insert(sampleFeature(Catalog.riskSources), into: Catalog.riskSources)
            var stored = [Catalog.riskSources.name: source]
            for layer in Catalog.layers where layer.name != Catalog.riskSources.name {
                stored[layer.name] = try tx.insert(sampleFeature(layer, sourceID: source.id!), into: layer)
            }
            return stored
        }
    }

    @Test func everyLayerRoundTrips() throws {
        let db = try TestDatabase()
        let stored = try fillEveryLayer(db)
        for layer in Catalog.layers {
            let written = sampleFeature(layer, sourceID: stored["risk_sources"]!.id!)
            let read = try #require(try db.store.read { try $0.feature(stored[layer.name]!.id!, in: layer) })
            #expect(read.geometry == written.geometry, "\(layer.name) geometry")
            for (name, value) in written.properties {
                let got = read[name]
                let same = got == value || (got.doubleValue != nil && got.doubleValue == value.doubleValue)
                #expect(same, "\(layer.name).\(name): wrote \(value), read \(got)")
            }
            #expect(read["updated_at"] == .text(editor.time))
            #expect(Set(read.properties.keys) == Set(layer.fields.map(\.name)))
        }
    }

    @Test func aPolygonInAMultiPolygonLayerIsStoredAsOnePart() throws {
        let db = try TestDatabase()
        var area = sampleFeature(Catalog.areas)
        area.geometry = .polygon(square(120, 31, 0.5))
        let stored = try db.store.write(editor) { try $0.insert(area, into: Catalog.areas) }
        #expect(stored.geometry == .multiPolygon([square(120, 31, 0.5)]))
    }

    @Test func chineseValuesAreStoredAsCodes() throws {
        let db = try TestDatabase()
        let stored = try db.store.write(editor) { tx in
            var source = sampleFeature(Catalog.riskSources)
            source["sector"] = "粉尘涉爆"
            let s = try tx.insert(source, into: Catalog.riskSources)
            var risk = sampleFeature(Catalog.risks, sourceID: s.id!)
            risk["level"] = "较大风险"
            return (s, try tx.insert(risk, into: Catalog.risks))
        }
        #expect(stored.0["sector"] == "dust_explosion")
        #expect(stored.1["level"] == "significant")
    }

    @Test func aRiskWithoutAPointTakesItsSourceLocation() throws {
        let db = try TestDatabase()
        let risk = try db.store.write(editor) { tx in
            let s = try tx.insert(sampleFeature(Catalog.riskSources), into: Catalog.riskSources)
            var r = sampleFeature(Catalog.risks, sourceID: s.id!)
            r.geometry = nil
            return try tx.insert(r, into: Catalog.risks)
        }
        guard case .point(let c) = risk.geometry else { Issue.record("no point: \(String(describing: risk.geometry))"); return }
        #expect(BBox(minX: 120.6, minY: 31.3, maxX: 120.602, maxY: 31.302).contains(c))
    }

    @Test func everyWriteLeavesAnAuditRow() throws {
        let db = try TestDatabase()
        let site = try db.store.write(editor) { try $0.insert(sampleFeature(Catalog.sites), into: Catalog.sites) }
        let id = site.id!
        let patched = try db.store.write(WriteContext(actor: "alice", time: "2026-11-24T09:00:00Z")) {
            try $0.update(id, in: Catalog.sites, with: Feature(geometry: nil, properties: ["capacity": 3000]), merge: true)
        }
        #expect(patched["capacity"] == 3000)
        #expect(patched["name"] == "苏州市第一中学")
        #expect(patched.geometry == site.geometry)
        try db.store.write(WriteContext(actor: "bob")) { try $0.delete(id, from: Catalog.sites) }

        let rows = try db.store.read { r in
            let s = try r.connection.cached("SELECT actor, action, feature_id, before IS NOT NULL, after IS NOT NULL, after FROM audit ORDER BY id")
            var out: [(String, String, Int64, Bool, Bool, String?)] = []
            while try s.step() { out.append((s.text(0)!, s.text(1)!, s.int64(2), s.int64(3) == 1, s.int64(4) == 1, s.text(5))) }
            return out.map { "\($0.0) \($0.1) \($0.2) \($0.3) \($0.4) \($0.5?.contains("3000") ?? false)" }
        }
        #expect(rows == ["test-editor insert \(id) false true false", "alice update \(id) true true true", "bob delete \(id) true false false"])
        #expect(try db.store.read { try $0.feature(id, in: Catalog.sites) } == nil)
    }

    @Test func aFailedWriteLeavesNothingBehind() throws {
        let db = try TestDatabase()
        _ = try fillEveryLayer(db)
        let before = try db.store.read { r in try Catalog.layers.map { try r.count($0) } + [Int(r.connection.scalar("SELECT count(*) FROM audit").intValue!)] }
        #expect(throws: StoreError.self) {
            try db.store.write(editor) { tx in
                try tx.insert(sampleFeature(Catalog.sites), into: Catalog.sites)
                try tx.update(1, in: Catalog.roads, with: Feature(geometry: nil, properties: ["speed_kmh": 60.0]), merge: true)
                var bad = sampleFeature(Catalog.sites)
                bad["category"] = "spaceport"
                try tx.insert(bad, into: Catalog.sites)
            }
        }
        let after = try db.store.read { r in try Catalog.layers.map { try r.count($0) } + [Int(r.connection.scalar("SELECT count(*) FROM audit").intValue!)] }
        #expect(after == before)
        #expect(try db.store.read { try $0.feature(1, in: Catalog.roads)?["speed_kmh"] } == .real(50))
    }

    @Test func invalidFeaturesAreRefusedWithEveryReason() throws {
        let db = try TestDatabase()
        var bad = sampleFeature(Catalog.sites)
        bad.geometry = .point(Coordinate(200, 31))
        bad["category"] = "spaceport"
        bad["capacity"] = "many"
        bad["colour"] = "red"
        bad["name"] = nil
        do {
            try db.store.write(editor) { try $0.insert(bad, into: Catalog.sites) }
            Issue.record("accepted an invalid feature")
        } catch let StoreError.invalidFeature(layer, problems) {
            #expect(layer == "sites")
            let text = problems.joined(separator: "\n")
            for needle in ["(200.0, 31.0)", "spaceport", "'many' is not an integer", "name: is required"] {
                #expect(text.contains(needle), "missing \(needle) in \(text)")
            }
            #expect(text.contains("colour"), "a computed field must not be writable: \(text)")
        }
        #expect(try db.store.read { try $0.count(Catalog.sites) } == 0)
    }

    @Test func selfIntersectingPolygonsAndWrongGeometryTypesAreRefused() throws {
        let db = try TestDatabase()
        var bowtie = sampleFeature(Catalog.areas)
        bowtie.geometry = .polygon([[Coordinate(0, 0), Coordinate(1, 1), Coordinate(1, 0), Coordinate(0, 1), Coordinate(0, 0)]])
        #expect(throws: StoreError.self) { try db.store.write(editor) { try $0.insert(bowtie, into: Catalog.areas) } }
        do {
            try db.store.write(editor) { try $0.insert(bowtie, into: Catalog.areas) }
        } catch {
            #expect("\(error)".contains("Self-intersection"), "\(error)")
        }
        var line = sampleFeature(Catalog.resources)
        line.geometry = .lineString([Coordinate(0, 0), Coordinate(1, 1)])
        #expect(throws: StoreError.invalidFeature(layer: "resources", problems: ["geometry type LineString is not allowed (allowed: Point)"])) {
            try db.store.write(editor) { try $0.insert(line, into: Catalog.resources) }
        }
    }

    @Test func referencesBetweenFeaturesAreKept() throws {
        let db = try TestDatabase()
        #expect(throws: StoreError.self) {
            try db.store.write(editor) { try $0.insert(sampleFeature(Catalog.risks, sourceID: 42), into: Catalog.risks) }
        }
        let source = try db.store.write(editor) { tx in
            let s = try tx.insert(sampleFeature(Catalog.riskSources), into: Catalog.riskSources)
            try tx.insert(sampleFeature(Catalog.risks, sourceID: s.id!), into: Catalog.risks)
            return s
        }
        do {
            try db.store.write(editor) { try $0.delete(source.id!, from: Catalog.riskSources) }
            Issue.record("deleted a source that still has risks")
        } catch let StoreError.conflict(message) {
            #expect(message.contains("reference"))
        }
    }

    @Test func bulkInsertWritesOneAuditEntryWithTheCount() throws {
        let db = try TestDatabase()
        let roads = (0..<500).map { i in
            Feature(geometry: .lineString([Coordinate(120 + Double(i) * 0.001, 31), Coordinate(120 + Double(i) * 0.001, 31.001)]),
                    properties: ["class": "residential", "speed_kmh": 30.0])
        }
        let ids = try db.store.write(editor) { try $0.bulkInsert(roads, into: Catalog.roads, note: "test") }
        #expect(ids == 1...500)
        let audit = try db.store.read { try $0.connection.scalar("SELECT group_concat(action || ':' || note) FROM audit").textValue }
        #expect(audit == "import:500 features: test")
        let found = try db.store.read { try $0.features(in: Catalog.roads, bbox: BBox(minX: 120.0995, minY: 30.9, maxX: 120.1205, maxY: 31.1)) }
        #expect(found.map(\.id) == Array(101...121).map { Int64($0) })
    }
}

@Suite struct GeoJSONReadTests {
    /// The in-place GeoJSON writer gives the same features as the value path, as JSON any reader parses.
    @Test func writtenFeaturesMatchStoredFeatures() throws {
        let db = try TestDatabase()
        _ = try WriteTests().fillEveryLayer(db)
        for layer in Catalog.layers {
            let everywhere = BBox(minX: -180, minY: -90, maxX: 180, maxY: 90)
            let (text, count, features) = try db.store.read { r in
                var w = JSONWriter()
                w.raw("[")
                let n = try r.writeGeoJSON(layer, bbox: everywhere, into: &w)
                w.raw("]")
                return (w.string, n, try r.features(in: layer, bbox: everywhere))
            }
            #expect(count == features.count)
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
            for (json, feature) in zip(parsed, features) {
                #expect(json["id"] as? Int64 == feature.id)
                let props = try #require(json["properties"] as? [String: Any])
                #expect(Set(props.keys) == Set(layer.fields.map(\.name)))
                for field in layer.fields {
                    let value = feature[field.name], got = props[field.name]
                    switch value {
                    case .null: #expect(got is NSNull, "\(layer.name).\(field.name)")
                    case .text(let t): #expect(got as? String == t)
                    case .integer(let i) where field.kind == .boolean: #expect(got as? Bool == (i != 0))
                    case .integer(let i): #expect((got as? NSNumber)?.int64Value == i)
                    case .real(let d): #expect((got as? NSNumber)?.doubleValue == d)
                    }
                }
                var w = JSONWriter()
                w.geometry(feature.geometry!)
                let expected = try JSONSerialization.jsonObject(with: Data(w.bytes)) as! NSDictionary
                #expect((json["geometry"] as? NSDictionary) == expected, "\(layer.name) geometry")
            }
        }
    }
}
