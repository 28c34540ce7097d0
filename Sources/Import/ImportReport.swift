/// A row or feature an import refused, with every reason found.
public struct Rejection: Sendable, CustomStringConvertible, Equatable {
    public let location: String
    public let problems: [String]

    public var description: String { "\(location): \(problems.joined(separator: "; "))" }
}

/// What an import did.
public struct ImportSummary: Sendable {
    public var layer: String
    public var read = 0
    public var inserted = 0
    public var updated = 0
    public var deleted = 0
    /// Parent features (enterprises of a register) created and updated.
    public var parentsInserted = 0
    public var parentsUpdated = 0
    /// New features by layer, for files that fill several (OpenStreetMap).
    public var insertedByLayer: [String: Int] = [:]
    /// The first `maxListed` refused rows, in file order; `rejected` counts them all and `faults` groups them.
    public var rejections: [Rejection] = []
    public private(set) var rejected = 0
    /// Each kind of fault (its text with the row's values elided) with how many rows had it and the first few.
    public private(set) var faults: [String: Fault] = [:]
    /// Values taken in a spelling that only loosely matched a code, each once ("sector: 'Hazardous Chemicals' taken as …").
    public var warnings: [String] = []
    public var seconds = 0.0

    public var imported: Int { inserted + updated }

    public struct Fault: Sendable, Equatable {
        public var rows = 0
        public var first: [String] = []
    }

    /// Rows listed one by one at most; past them a refused import is told by its kinds of fault, so a file of a
    /// million bad rows costs a bounded report.
    public static let maxListed = 1_000

    /// Records a refused row.
    public mutating func reject(_ r: Rejection) {
        rejected += 1
        if rejections.count < Self.maxListed { rejections.append(r) }
        for problem in Set(r.problems.map(Self.kind)) {
            var f = faults[problem] ?? Fault()
            f.rows += 1
            if f.first.count < 3 { f.first.append(r.location) }
            faults[problem] = f
        }
    }

    /// A fault's kind: its text with quoted values and numbers elided ("level: '…' is not one of …").
    static func kind(_ problem: String) -> String {
        var out = ""
        var inQuote = false
        var lastWasNumber = false
        for c in problem {
            if c == "'" {
                if !inQuote { out += "'…'" }
                inQuote.toggle()
                continue
            }
            if inQuote { continue }
            if c.isNumber || (lastWasNumber && c == ".") {
                if !lastWasNumber { out += "#" }
                lastWasNumber = true
                continue
            }
            lastWasNumber = false
            out.append(c)
        }
        return out
    }

    /// The kinds of fault, most frequent first: "1,234 rows: level: '…' is not one of … (first: line 3, line 9, line 12)".
    public var faultLines: [String] {
        faults.sorted { ($0.value.rows, $1.key) > ($1.value.rows, $0.key) }.map { kind, f in
            "\(f.rows) row\(f.rows == 1 ? "" : "s"): \(kind) (first: \(f.first.joined(separator: ", ")))"
        }
    }

    /// One line for people and for the audit note.
    public var line: String {
        var s = "read \(read), imported \(imported) (\(inserted) new, \(updated) updated), rejected \(rejected)"
        if deleted > 0 { s += ", replaced \(deleted)" }
        if !warnings.isEmpty { s += "; \(warnings.count) spellings matched loosely" }
        if parentsInserted + parentsUpdated > 0 { s += "; enterprises \(parentsInserted) new, \(parentsUpdated) updated" }
        if insertedByLayer.count > 1 {
            s += "; new by layer: " + insertedByLayer.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }
        return s
    }

    /// The rejection report: the kinds of fault with their counts, then one line per listed row, in file order.
    public var report: String {
        var text = faultLines.map { "# \($0)\n" }.joined() + rejections.map { $0.description + "\n" }.joined()
        if rejected > rejections.count { text += "# … and \(rejected - rejections.count) more rows\n" }
        return text
    }
}

/// The file was refused as a whole (all-or-nothing mode) because some rows are invalid; nothing was written.
public struct ImportRejected: Error, CustomStringConvertible, Sendable {
    public let summary: ImportSummary

    public var description: String {
        "\(summary.rejected) of \(summary.read) rows are invalid; nothing was imported (use --skip-invalid to import the "
            + "\(summary.read - summary.rejected) valid ones):\n" + summary.faultLines.map { "  \($0)\n" }.joined()
    }
}
