import Foundation
import GeoKit
import Store

public enum ExportFormat: String, Sendable, CaseIterable {
    case geojson, csv
}

/// Writes a layer as a GeoJSON FeatureCollection or as CSV (every field, then the geometry as WKT), streaming
/// row by row from one read snapshot. Both read back with `riskmap import` unchanged.
public enum Exporter {
    /// Bytes gathered before each write.
    static let flushSize = 1 << 20

    /// Writes the layer to `sink` and returns the number of features written.
    @discardableResult
    /// CSV is written in `encoding` (GB18030 for the bureau's older spreadsheets; GeoJSON is always UTF-8).
    public static func export(_ layer: LayerSchema, from store: Store, format: ExportFormat, bbox: BBox? = nil,
                              encoding: TextEncoding = .utf8, to sink: FileSink, progress: (Int) -> Void = { _ in }) throws -> Int {
        let encoder = encoding == .gb18030 ? try GB18030Encoder() : nil
        func write(_ bytes: [UInt8]) throws { try sink.write(try encoder?.encode(bytes) ?? bytes) }
        let count = try store.read { reader -> Int in
            var n = 0
            switch format {
            case .geojson:
                var w = JSONWriter(capacity: flushSize + 4096)
                w.raw("{\"type\":\"FeatureCollection\",\"name\":")
                w.string(layer.name)
                w.raw(",\"features\":[\n")
                try reader.forEachFeature(in: layer, bbox: bbox) { f in
                    if n > 0 { w.raw(",\n") }
                    w.feature(f, fields: layer.fields)
                    n += 1
                    if w.bytes.count >= flushSize {
                        try sink.write(w.bytes)
                        w = JSONWriter(capacity: flushSize + 4096)
                        progress(n)
                    }
                }
                w.raw("\n]}\n")
                try sink.write(w.bytes)
            case .csv:
                var out = Array(csvLine(["fid"] + layer.fields.map(\.name) + ["wkt"]).utf8)
                try reader.forEachFeature(in: layer, bbox: bbox) { f in
                    let cells = [f.id.map { String($0) } ?? ""]
                        + layer.fields.map { f[$0.name].isNull ? "" : f[$0.name].description }
                        + [f.geometry.map(WKT.encode) ?? ""]
                    out.append(contentsOf: csvLine(cells).utf8)
                    n += 1
                    if out.count >= flushSize {
                        try write(out)
                        out.removeAll(keepingCapacity: true)
                        progress(n)
                    }
                }
                try write(out)
            }
            return n
        }
        try sink.finish()
        progress(count)
        return count
    }

    /// One CSV record (RFC 4180): fields with a comma, quote or line break are quoted, quotes doubled; CRLF ends it.
    static func csvLine(_ cells: [String]) -> String {
        cells.map { cell in
            cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
        }.joined(separator: ",") + "\r\n"
    }
}
