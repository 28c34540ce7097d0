import Foundation
import Testing

/// /grid/hotspots against /grid: the hot spots are exactly the clusters of touching red base cells that /grid
/// shows, hottest first; districts split them, and their cells by class add up to the city's; limits are clear
/// 400s.
@Suite struct GridHotspotsTests {
    let server: TestServer

    init() throws { server = try TestServer() }

    func hotspots(_ query: String) -> [[String: Any]] {
        (server.get("/grid/hotspots?" + query).object["features"] as? [[String: Any]] ?? []).compactMap { $0["properties"] as? [String: Any] }
    }

    @Test func hotSpotsAreTheClustersOfRedCellsHottestFirst() throws {
        let spots = hotspots("limit=100")
        try #require(!spots.isEmpty && spots.count < 100)
        // Every red base cell of the city, from /grid, clustered here by touching sides or corners.
        let extent = try #require(((server.get("/collections/risk_sources").object["extent"] as? [String: Any])?["spatial"] as? [String: Any])?["bbox"] as? [[Double]])[0]
        let box = [extent[0] - 0.02, extent[1] - 0.02, extent[2] + 0.02, extent[3] + 0.02].map { String($0) }.joined(separator: ",")
        let cells = (server.get("/grid?bbox=\(box)&level=0").object["features"] as? [[String: Any]] ?? []).compactMap { $0["properties"] as? [String: Any] }
        var red: [[Int]: Double] = [:]
        for c in cells where c["class"] as? String == "red" { red[[c["i"] as! Int, c["j"] as! Int]] = c["index"] as? Double ?? 0 }
        var seen = Set<[Int]>(), peaks: [(Double, Int)] = []
        for start in red.keys where !seen.contains(start) {
            var stack = [start], size = 0, peak = 0.0
            seen.insert(start)
            while let k = stack.popLast() {
                size += 1
                peak = max(peak, red[k]!)
                for di in -1...1 { for dj in -1...1 where red[[k[0] + di, k[1] + dj]] != nil && seen.insert([k[0] + di, k[1] + dj]).inserted {
                    stack.append([k[0] + di, k[1] + dj])
                } }
            }
            peaks.append((peak, size))
        }
        peaks.sort { ($0.0, $0.1) > ($1.0, $1.1) }
        // The districts' cells by class (base level, as the small city's districts fit) add up to the city's.
        let districts = server.get("/areas?level=district").object["areas"] as? [[String: Any]] ?? []
        let counted = districts.compactMap { $0["cells"] as? [String: Int] }
        #expect(counted.count == districts.count && counted.allSatisfy { $0["level"] == 0 })
        #expect(counted.map { $0["red"] ?? 0 }.reduce(0, +) == red.count, "\(counted)")
        let orange = cells.filter { $0["class"] as? String == "orange" }.count
        #expect(counted.map { $0["orange"] ?? 0 }.reduce(0, +) == orange)
        #expect(spots.count == peaks.count)
        #expect(spots.map { $0["cells"] as? Int ?? 0 }.reduce(0, +) == red.count)
        for (spot, expected) in zip(spots, peaks) {
            #expect(abs((spot["index"] as? Double ?? 0) - expected.0) < 1e-3 && spot["cells"] as? Int == expected.1, "\(spot)")
            #expect(spot["class"] as? String == "red")
        }
        #expect(spots.map { $0["rank"] as? Int ?? 0 } == Array(1...spots.count))
        // Why each is hot: its worst risks, with their levels.
        #expect(spots.allSatisfy { !($0["worst_risks"] as? [[String: Any]] ?? []).isEmpty })
    }

    @Test func districtsSplitTheHotSpots() throws {
        let all = hotspots("limit=100")
        let districts = (server.get("/areas?level=district").object["areas"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
        try #require(districts.count > 1)
        var perDistrict: [[String: Any]] = []
        for id in districts { perDistrict += hotspots("limit=100&area=\(id)") }
        #expect(perDistrict.count == all.count)
        #expect(Set(perDistrict.map { "\($0["i"]!),\($0["j"]!)" }) == Set(all.map { "\($0["i"]!),\($0["j"]!)" }))
    }

    @Test func badRequestsAreClear() {
        for query in ["limit=0", "limit=101", "limit=x", "area=abc", "area=99999"] {
            let r = server.get("/grid/hotspots?" + query)
            #expect(r.status == 400 && r.headers["content-type"] == "application/problem+json", "\(query): \(r.status)")
        }
        #expect(hotspots("limit=3").count == 3)
    }
}
