import Foundation
import GeoKit
import TestSupport
import Testing
import VectorTiles

/// riskmap's severities as priorities.
enum Severity: Int, CaseIterable {
    case low = 0, general, significant, major
}

/// A polygon risk area of `vertices` points around (x, y), with the attributes a risk carries.
func riskFeature(id: UInt64, severity: Severity, x: Double, y: Double, vertices: Int = 24) -> TileFeature {
    var cs = (0..<vertices).map { k -> Coordinate in
        let a = Double(k) / Double(vertices) * 2 * Double.pi
        return Coordinate(x + 30 * cos(a), y + 30 * sin(a))
    }
    cs.append(cs[0])
    return TileFeature(id: id, geometry: tileGeometry(.polygon([cs])),
                       properties: [("level", .string("\(severity)")), ("name", .string("risk \(id)")), ("impact_radius_m", .double(Double(id) * 1.5))],
                       priority: severity.rawValue)
}

@Suite struct BudgetTests {
    @Test func manyLowAndAFewMajorOverBudgetKeepsEveryMajor() throws {
        var builder = TileBuilder()
        var random = SplitMix64(seed: 42)
        var severityOf: [UInt64: Severity] = [:]
        for id in UInt64(1)...600 {
            let severity: Severity = id % 100 == 0 ? .major : (id % 20 == 0 ? .significant : .low)
            severityOf[id] = severity
            builder.add(riskFeature(id: id, severity: severity, x: Double(random.int(0..<4096)), y: Double(random.int(0..<4096))),
                        to: id % 2 == 0 ? "risks" : "risk_areas")
        }
        let full = builder.build()
        let budget = TileBudget(maxBytes: full.bytes.count / 10)
        let tile = builder.build(budget: budget)
        #expect(tile.bytes.count <= budget.maxBytes)

        let decoded = try PythonDecoder.decode(tile.bytes)
        let keptIDs = decoded.layers.flatMap { $0.features.compactMap(\.id) }
        let kept = keptIDs.map { severityOf[$0]! }
        #expect(kept.filter { $0 == .major }.count == 6, "every major risk is in the tile")
        #expect(kept.filter { $0 == .significant }.count == 24, "every significant risk fits too")
        #expect(kept.contains(.low) && kept.count < 600)

        let dropped = tile.layers.reduce(into: [Int: Int]()) { all, r in all.merge(r.droppedByPriority, uniquingKeysWith: +) }
        #expect(dropped.keys.sorted() == [Severity.low.rawValue])
        #expect(dropped[0]! + kept.count == 600)
        for r in tile.layers {
            let inLayer = decoded.layer(r.name)?.features.count ?? 0
            #expect(r.kept == inLayer)
            #expect(r.kept + r.dropped + r.degenerate == 300)
        }
    }

    @Test func featureCapKeepsTheHighestPriorities() throws {
        var builder = TileBuilder()
        for id in UInt64(1)...40 {
            let severity = Severity(rawValue: Int(id % 4))!
            builder.add(riskFeature(id: id, severity: severity, x: 100 * Double(id), y: 500), to: "risks")
        }
        let tile = builder.build(budget: TileBudget(maxFeatures: 15))
        let decoded = try PythonDecoder.decode(tile.bytes)
        let ids = try #require(decoded.layer("risks")).features.compactMap(\.id)
        // 10 major (id ≡ 3 mod 4), then the first 5 significant in the order they were added.
        #expect(ids.count == 15)
        #expect(Set(ids) == Set((1...40).filter { $0 % 4 == 3 }.map(UInt64.init) + [2, 6, 10, 14, 18]))
        #expect(tile.report("risks")?.droppedByPriority == [2: 5, 1: 10, 0: 10])
    }

    /// Priorities may be any Int (found by the mvt fuzz target: Int.max and Int.min overflowed the spread check
    /// that chooses a counting sort): a wide spread sorts, ties keep the order added.
    @Test func extremePrioritiesSortWithoutTrapping() {
        var builder = TileBuilder()
        let priorities = [Int.min, Int.max, 0, Int.max, -1, Int.min]
        for (i, p) in priorities.enumerated() {
            var g = TileGeometry(kind: .point)
            g.append(part: CollectionOfOne(Coordinate(Double(100 * i), 100)))
            builder.add(TileFeature(id: UInt64(i + 1), geometry: g, properties: [("n", .int(Int64(i)))], priority: p), to: "l")
        }
        let full = builder.build()
        #expect(full.report("l")?.kept == 6)
        let one = builder.build(budget: TileBudget(maxFeatures: 2))
        #expect(one.report("l")?.droppedByPriority == [0: 1, -1: 1, Int.min: 2])
    }

    @Test func budgetIsExact() {
        var builder = TileBuilder()
        for id in UInt64(1)...50 {
            builder.add(riskFeature(id: id, severity: .general, x: 80 * Double(id), y: 80 * Double(id)), to: "risks")
        }
        let full = builder.build()
        #expect(builder.build(budget: TileBudget(maxBytes: full.bytes.count)).bytes == full.bytes)
        let tight = builder.build(budget: TileBudget(maxBytes: full.bytes.count - 1))
        #expect(tight.bytes.count < full.bytes.count && tight.report("risks")?.dropped == 1)
        #expect(builder.build(budget: TileBudget(maxBytes: 10)).bytes.isEmpty)
    }

    @Test func neverDropsAHigherPriorityWhileALowerOneStays() throws {
        var random = SplitMix64(seed: 7)
        for round in 0..<40 {
            var builder = TileBuilder()
            var priorityOf: [UInt64: Int] = [:]
            let count = random.int(1..<120)
            for id in UInt64(1)...UInt64(count) {
                let severity = Severity(rawValue: random.int(0..<4))!
                priorityOf[id] = severity.rawValue
                let f = riskFeature(id: id, severity: severity, x: Double(random.int(0..<4096)), y: Double(random.int(0..<4096)),
                                    vertices: random.int(3..<80))
                builder.add(f, to: ["risks", "reports", "alerts"][random.int(0..<3)])
            }
            let budget = TileBudget(maxBytes: random.int(0..<40_000), maxFeatures: random.int(0..<150))
            let tile = builder.build(budget: budget)
            #expect(tile.bytes.count <= budget.maxBytes, "round \(round)")
            let keptCount = tile.layers.map(\.kept).reduce(0, +)
            #expect(keptCount <= budget.maxFeatures)
            let highestDropped = tile.layers.flatMap { $0.droppedByPriority.keys }.max() ?? Int.min
            if keptCount > 0 && highestDropped > Int.min {
                let decoded = try PythonDecoder.decode(tile.bytes)
                let keptPriorities = decoded.layers.flatMap { $0.features.compactMap { $0.id.flatMap { priorityOf[$0] } } }
                #expect(keptPriorities.count == keptCount)
                #expect(highestDropped <= keptPriorities.min()!, "round \(round): dropped \(highestDropped) while keeping \(keptPriorities.min()!)")
            }
        }
    }
}
