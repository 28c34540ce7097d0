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
    public var rejections: [Rejection] = []
    /// Values taken in a spelling that only loosely matched a code, each once ("sector: 'Hazardous Chemicals' taken as …").
    public var warnings: [String] = []
    public var seconds = 0.0

    public var rejected: Int { rejections.count }
    public var imported: Int { inserted + updated }

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

    /// The rejection report: one line per refused row, in file order.
    public var report: String {
        rejections.map { $0.description + "\n" }.joined()
    }
}

/// The file was refused as a whole (all-or-nothing mode) because some rows are invalid; nothing was written.
public struct ImportRejected: Error, CustomStringConvertible, Sendable {
    public let summary: ImportSummary

    public var description: String {
        "\(summary.rejected) of \(summary.read) rows are invalid; nothing was imported (use --skip-invalid to import the "
            + "\(summary.read - summary.rejected) valid ones):\n" + summary.report
    }
}
