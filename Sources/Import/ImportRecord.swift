import GeoKit
import Store

/// One row or feature read from a file, ready for the store: the feature (and in a register its parent), or the
/// problems found before the store was asked.
public struct ImportRecord: Sendable {
    /// Where the record is in the file, for reports: "line 5 (序号 4)", "feature 12".
    public let location: String
    public var feature: Feature?
    public var parent: Feature?
    public var problems: [String]
    /// The layer the record goes to, when a file fills several (OpenStreetMap); nil for the import's layer.
    public var layer: LayerSchema? = nil
}

/// A source of records: a CSV or GeoJSON file read front to back.
public protocol ImportRecordReader {
    /// The next record, or nil at the end of the file. Throws only when the file cannot be read on (a syntax
    /// error that loses the thread of the file); a bad row is a record with problems.
    mutating func next() throws -> ImportRecord?
    /// How far through the file the reader is, in bytes, and the file's size.
    var progress: (done: Int, total: Int) { get }
    /// A store problem ("level: 'x' is not one of …") in the file's own words ("风险等级 (level): …").
    func describe(_ problem: String, layer: LayerSchema) -> String
}
