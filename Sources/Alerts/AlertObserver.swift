import Foundation
import Analysis
import GeoKit
import RiskGrid
import RiskModel
import Store

/// The alert rules as a follower of every write, inside its transaction: a report or risk that a rule matches
/// raises an alert (stored in `alerts`, committed with the write that caused it); a later change to it issues an
/// Update referencing the first alert, and its withdrawal, closing, deletion or no longer matching a Cancel —
/// never an edit of the first. A bulk load looks at reports only (a register import is not news).
public struct AlertObserver: WriteObserver {
    public let rules: AlertRules
    let defaultRadius: PerLevel<Double>
    let redCells = RedCells()

    public init(rules: AlertRules = .standard, config: RiskModelConfig = .standard) {
        self.rules = rules
        defaultRadius = config.defaultImpactRadiusM
    }

    public var phase: WritePhase { .derive }

    public func didChange(layer: LayerSchema, before: Feature?, after: Feature?, in tx: WriteTransaction) throws {
        guard AlertRules.causes.contains(layer.name), let id = after?.id ?? before?.id else { return }
        let thread = try tx.connection.alertThread(causeLayer: layer.name, causeID: id)
        let open = thread.map { $0.latestType != "Cancel" } ?? false
        let found = try after.map { try isLive($0, layer, now: tx.context.time) ? matches($0, before: before, layer, tx) : nil } ?? nil
        if let found, !found.affected.isEmpty, let after {
            try raise(open ? "Update" : "Alert", about: after, layer, found, references: open ? thread?.first : nil, tx)
        } else if open, let f = after ?? before {
            try raise("Cancel", about: f, layer, Match(rules: [], affected: []), references: thread?.first, tx)
        }
    }

    public func didBulkInsert(layer: LayerSchema, ids: ClosedRange<Int64>, in tx: WriteTransaction) throws {
        guard layer.name == Catalog.reports.name else { return }
        for id in ids { try didChange(layer: layer, before: nil, after: try tx.feature(id, in: layer), in: tx) }
    }

    /// A report counts while it is submitted or active and its window has not ended; a risk while its window,
    /// if it has one, has not ended.
    func isLive(_ f: Feature, _ layer: LayerSchema, now: String) -> Bool {
        if layer.name == Catalog.reports.name, let status = f["status"].textValue, !["submitted", "active"].contains(status) { return false }
        if let to = f["valid_to"].textValue, to <= now { return false }
        return true
    }

    struct Affected {
        let layer: String
        let id: Int64
        let name: String
        let detail: String
        let metres: Double
    }

    struct Match {
        var rules: [String]
        var affected: [Affected]
    }

    /// What the rules find within reach of `f` (which was `before` until this write).
    func matches(_ f: Feature, before: Feature?, _ layer: LayerSchema, _ tx: WriteTransaction) throws -> Match {
        guard let g = f.geometry, let level = f["level"].textValue, let rank = Catalog.levels.firstIndex(of: level),
              let centre = Self.anchor(g) else { return Match(rules: [], affected: []) }
        let box = g.bbox
        // An area's own size counts: distances are measured from its centre, so reach grows by half its diagonal.
        let extra = Geodesic.inverse(Coordinate(box.minX, box.minY), Coordinate(box.maxX, box.maxY)).distance / 2
        let own = f["source_id"].intValue
        var m = Match(rules: [], affected: [])
        var seen = Set<String>()
        for rule in rules.rules where rule.causes.contains(layer.name) {
            guard let minRank = Catalog.levels.firstIndex(of: rule.minLevel), rank <= minRank else { continue }
            if let activities = rule.activities, !activities.contains(f["activity"].textValue ?? "") { continue }
            if rule.reaches == "red_cells" {
                let found = try redCells(f, before: before, layer, from: centre, tx)
                if !found.isEmpty { m.rules.append(rule.id) }
                for a in found where seen.insert("\(a.layer)/\(a.id)").inserted { m.affected.append(a) }
                continue
            }
            let radius = (rule.withinMetres ?? f["impact_radius_m"].doubleValue ?? defaultRadius[RiskLevel(rawValue: level) ?? .low]) + extra
            let found = try near(centre, radius: radius, rule: rule, excluding: own, tx)
            guard !found.isEmpty else { continue }
            m.rules.append(rule.id)
            for a in found where seen.insert("\(a.layer)/\(a.id)").inserted { m.affected.append(a) }
        }
        m.affected.sort { $0.metres < $1.metres }
        return m
    }

    private func near(_ p: Coordinate, radius: Double, rule: AlertRules.Rule, excluding own: Int64?, _ tx: WriteTransaction) throws -> [Affected] {
        let dLat = radius / 110_574, dLon = radius / (111_320 * max(cos(p.y * .pi / 180), 0.01))
        let box = BBox(minX: p.x - dLon, minY: p.y - dLat, maxX: p.x + dLon, maxY: p.y + dLat)
        var out: [Affected] = []
        if rule.reaches == "sites" {
            try tx.connection.scan(Catalog.sites, fields: ["name", "category", "capacity"], near: box) { row in
                guard rule.siteCategories?.contains(row.text(1) ?? "") ?? true else { return }
                let at = Self.anchor(try row.withGeometry { try SpatiaLiteBlob.decode($0).geometry }) ?? p
                let d = Geodesic.inverse(p, at).distance
                guard d <= radius else { return }
                let capacity = row.int64(2).map { ", \($0) people" } ?? ""
                out.append(Affected(layer: "sites", id: row.id, name: row.text(0) ?? "", detail: (row.text(1) ?? "") + capacity, metres: d))
            }
        } else {
            try tx.connection.scan(Catalog.riskSources, fields: ["name", "hazard_grade"], near: box) { row in
                guard let grade = row.int64(1), row.id != own else { return }
                let at = Self.anchor(try row.withGeometry { try SpatiaLiteBlob.decode($0).geometry }) ?? p
                let d = Geodesic.inverse(p, at).distance
                guard d <= radius else { return }
                out.append(Affected(layer: "risk_sources", id: row.id, name: row.text(0) ?? "", detail: "major hazard grade \(grade)", metres: d))
            }
        }
        return out
    }

    /// The grid cells `f` turns red, from the moment it counts (now, or the start of its window).
    private func redCells(_ f: Feature, before: Feature?, _ layer: LayerSchema, from p: Coordinate, _ tx: WriteTransaction) throws -> [Affected] {
        let instant = max(tx.context.time, f["valid_from"].textValue ?? "")
        return try redCells.turnedRed(by: f, before: before, layer: layer, at: instant, tx.connection).map { c in
            let was = c.was.map { Catalog.labels[$0.rawValue]?.zh ?? $0.rawValue } ?? "无风险"
            return Affected(layer: "grid", id: Int64(c.key.j) << 32 | Int64(c.key.i), name: "风险网格 \(c.key.i),\(c.key.j)",
                            detail: "转为红色（综合指数 \(Self.rounded(c.without)) → \(Self.rounded(c.with))，原为\(was)）",
                            metres: Geodesic.inverse(p, c.centre).distance)
        }
    }

    static func rounded(_ x: Double) -> String { String(Double(Int((x * 10).rounded())) / 10) }

    private func raise(_ type: String, about f: Feature, _ layer: LayerSchema, _ m: Match, references: Int64?, _ tx: WriteTransaction) throws {
        guard let id = f.id, let g = f.geometry, let at = Self.anchor(g) else { return }
        let areas = try tx.connection.areaNames(containing: (at.x, at.y))
        var affected = JSONWriter()
        affected.array(m.affected) { w, a in
            w.raw("{\"layer\":")
            w.string(a.layer)
            w.raw(",\"id\":")
            w.number(a.id)
            w.raw(",\"name\":")
            w.string(a.name)
            w.raw(",\"detail\":")
            w.string(a.detail)
            w.raw(",\"distance_m\":")
            w.number(a.metres.rounded())
            w.byte(UInt8(ascii: "}"))
        }
        var areaList = JSONWriter()
        areaList.strings(areas)
        let sector = try f["source_id"].intValue.flatMap { try tx.connection.text(of: Catalog.riskSources, id: $0, field: "sector") }
        var departments = JSONWriter()
        departments.strings(rules.departments(sector: sector))
        let alert = Feature(geometry: .point(at), properties: [
            "cause_layer": .text(layer.name), "cause_id": .integer(id), "level": f["level"],
            "message": .text(Self.message(type, f, layer, m, id: id, vocabularies: try tx.vocabularies())), "affected": .text(affected.string), "created_at": .text(tx.context.time),
            "msg_type": .text(type), "references_id": references.map { .integer($0) } ?? .null,
            "rule": m.rules.isEmpty ? .null : .text(m.rules.joined(separator: ",")), "areas": .text(areaList.string),
            "departments": .text(departments.string),
        ])
        _ = try tx.insert(alert, into: Catalog.alerts)
    }

    /// Where a feature is measured from: a point itself, an area's label point, else the middle of its box.
    static func anchor(_ g: Geometry) -> Coordinate? {
        if case .point(let p) = g { return p }
        let box = g.bbox
        return LabelPoint.of(g) ?? (box.isEmpty ? nil : box.center)
    }

    /// One paragraph a duty officer reads, in the city's language: what, when, what it reaches (the nearest five
    /// named, with distances), times in China Standard Time; codes a bureau added read by their own labels.
    static func message(_ type: String, _ f: Feature, _ layer: LayerSchema, _ m: Match, id: Int64, vocabularies: Vocabularies) -> String {
        func zh(_ code: String?) -> String { code.map { vocabularies.label($0)?.zh ?? $0 } ?? "" }
        let what = layer.name == Catalog.reports.name
            ? "动态上报 \(id)（\(zh(f["activity"].textValue))，\(zh(f["level"].textValue))）"
            : "风险点 \(id) \(f["name"].textValue ?? "")（\(zh(f["level"].textValue))）"
        if type == "Cancel" { return "解除：\(what)已撤回、结束或不再触发预警规则。" }
        let named = m.affected.prefix(5).map { a in
            switch a.layer {
            case "grid": return "\(a.name) \(a.detail)"
            case Catalog.sites.name:
                return "\(a.name)（\(a.detail.split(separator: ",").first.map { zh(String($0)) } ?? "")，\(Int(a.metres.rounded())) 米）"
            default: return "\(a.name)（重大危险源，\(Int(a.metres.rounded())) 米）"
            }
        }.joined(separator: "、")
        let more = m.affected.count > 5 ? "等 \(m.affected.count) 处" : ""
        let window = [f["valid_from"].textValue, f["valid_to"].textValue].compactMap { $0 }.map(chinaTime).joined(separator: " 至 ")
        return "\(type == "Update" ? "更新：" : "")\(what)\(window.isEmpty ? "" : "，\(window)")，影响范围内有\(named)\(more)。"
    }

    /// `2026-12-05 16:40` in China Standard Time from a stored UTC timestamp.
    static func chinaTime(_ stored: String) -> String {
        String(CAPMessage.chinaTime(stored).prefix(16)).replacingOccurrences(of: "T", with: " ")
    }
}
