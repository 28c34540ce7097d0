import GeoKit
import RiskGrid
import RiskModel
import Store

/// What `riskmap stats` reports.
struct Stats: Sendable {
    let layers: [(name: String, count: Int, digest: UInt64)]
    let colours: [String: Int]
    let levels: [String: Int]
    let sectors: [String: Int]
    let sites: [String: Int]

    var text: String {
        var s = "layer          features\n"
        for l in layers { s += l.name.padding(15) + String(l.count) + "\n" }
        s += "\nenterprises by colour: " + RiskColour.allCases.map { "\($0.rawValue) \(colours[$0.rawValue] ?? 0)" }.joined(separator: ", ")
        s += "\nrisks by level:        " + RiskLevel.allCases.map { "\($0.rawValue) \(levels[$0.rawValue] ?? 0)" }.joined(separator: ", ")
        s += "\nenterprises by sector: " + sectors.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        s += "\ncrowded sites:         " + self.sites.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return s
    }

    var json: String {
        var w = JSONWriter()
        w.raw("{\"layers\":{")
        for (i, l) in layers.enumerated() {
            if i > 0 { w.byte(UInt8(ascii: ",")) }
            w.key(l.name)
            w.raw("{\"count\":")
            w.number(Int64(l.count))
            w.raw(",\"digest\":")
            w.string(String(l.digest, radix: 16))
            w.byte(UInt8(ascii: "}"))
        }
        w.byte(UInt8(ascii: "}"))
        for (name, counts) in [("colours", colours), ("levels", levels), ("sectors", sectors), ("sites", sites)] {
            w.raw(",")
            w.key(name)
            w.byte(UInt8(ascii: "{"))
            for (i, (k, v)) in counts.sorted(by: { $0.key < $1.key }).enumerated() {
                if i > 0 { w.byte(UInt8(ascii: ",")) }
                w.key(k)
                w.number(Int64(v))
            }
            w.byte(UInt8(ascii: "}"))
        }
        w.byte(UInt8(ascii: "}"))
        return w.string
    }
}
