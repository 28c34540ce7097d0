import GeoKit
import Projection
import Store

/// Reads a CSV file (UTF-8 or GB18030) into records: header names mapped to fields, a point from lon/lat
/// columns or a geometry from a WKT column.
public struct CSVFeatureReader: ImportRecordReader {
    private let file: FileChunks
    private var csv: CSVReader
    private let header: [String]
    private let builder: RecordBuilder
    private let wording: ProblemWording
    private let lonLat: (Int, Int)?
    private let wktColumn: Int?
    private let labelColumn: Int?
    public let encoding: TextEncoding

    static let wktNames = ["wkt", "WKT", "geometry", "geom"]
    static let lonNames = ["lon", "lng", "longitude", "x", "经度"]
    static let latNames = ["lat", "latitude", "y", "纬度"]

    public init(path: String, layer: LayerSchema, mapping: ImportMapping?, system: InputCoordinateSystem,
                context: ProjContext) throws {
        file = try FileChunks(path: path)
        let first = try file.next() ?? []
        let encoding = mapping?.encoding ?? TextEncoding.detect(first)
        self.encoding = encoding
        csv = CSVReader(delimiter: mapping?.delimiter ?? UInt8(ascii: ","), read: try Self.utf8(file, first: first, encoding: encoding))
        guard let headerRecord = try csv.next() else { throw ImportError("\(path) is empty: a CSV file needs a header line") }
        header = headerRecord.fields.map { $0.trimmingSpaces }
        var index: [String: Int] = [:]
        for (i, name) in header.enumerated() where index[name] == nil { index[name] = i }
        func column(_ name: String) throws -> Int {
            guard let i = index[name] else {
                throw ImportError("the mapping names column \(name), which \(path) lacks (columns: \(headerRecord.fields.joined(separator: ", ")))")
            }
            return i
        }

        if let lon = mapping?.lon, let lat = mapping?.lat {
            lonLat = (try column(lon), try column(lat))
            wktColumn = nil
        } else if let wkt = mapping?.wkt {
            wktColumn = try column(wkt)
            lonLat = nil
        } else if let w = Self.wktNames.first(where: { index[$0] != nil }) {
            wktColumn = index[w]
            lonLat = nil
        } else if let x = Self.lonNames.first(where: { index[$0] != nil }), let y = Self.latNames.first(where: { index[$0] != nil }) {
            lonLat = (index[x]!, index[y]!)
            wktColumn = nil
        } else {
            lonLat = nil
            wktColumn = nil
        }
        labelColumn = try mapping?.label.map(column)

        var fields: [String: String]
        if let m = mapping, !m.fields.isEmpty {
            for c in m.fields.keys.sorted() { _ = try column(c) }
            for c in (m.parent?.fields.keys.sorted() ?? []) { _ = try column(c) }
            fields = m.fields
        } else {
            // No mapping: a column named like a field, in English or Chinese, is that field.
            fields = [:]
            let geometryColumns = Set([lonLat?.0, lonLat?.1, wktColumn].compactMap { $0 })
            var unknown: [String] = []
            for (i, name) in header.enumerated() where !geometryColumns.contains(i) && !RecordBuilder.ignoredNames.contains(name) {
                if let f = layer.fields.first(where: { $0.name == name || $0.titleZh == name }) {
                    if !f.computed { fields[name] = f.name }
                } else {
                    unknown.append(name)
                }
            }
            if !unknown.isEmpty {
                throw ImportError("columns \(unknown.joined(separator: ", ")) are not fields of \(layer.name); name them in a mapping file (--mapping)")
            }
        }
        builder = RecordBuilder(layer: layer, fields: fields, parent: mapping?.parent, converter: try WGS84Converter(from: system, context: context),
                                bounds: mapping?.bounds)
        wording = ProblemWording(layer: layer, fields: fields, parent: mapping?.parent)
    }

    public var progress: (done: Int, total: Int) { (file.bytesRead, file.size) }

    public func describe(_ problem: String, layer: LayerSchema) -> String { wording.describe(problem, layer: layer) }

    public mutating func next() throws -> ImportRecord? {
        guard let row = try csv.next() else { return nil }
        var location = "line \(row.line)"
        if let l = labelColumn, l < row.fields.count {
            location += " (\(header[l]) \(row.fields[l].trimmingSpaces))"
        }
        var problems: [String] = []
        if row.fields.count > header.count {
            problems.append("has \(row.fields.count) fields, the header has \(header.count)")
        }
        var values: [String: Value] = [:]
        for (i, name) in header.enumerated() where i < row.fields.count {
            let cell = row.fields[i].trimmingSpaces
            if !cell.isEmpty { values[name] = .text(cell) }
        }
        var geometry: Geometry?
        if let (x, y) = lonLat {
            let xs = x < row.fields.count ? row.fields[x].trimmingSpaces : ""
            let ys = y < row.fields.count ? row.fields[y].trimmingSpaces : ""
            if !(xs.isEmpty && ys.isEmpty) {
                var ok = true
                for (name, text) in [(header[x], xs), (header[y], ys)] {
                    if text.isEmpty { problems.append("\(name) is empty"); ok = false }
                    else if Double(text)?.isFinite != true { problems.append("\(name) '\(text)' is not a number"); ok = false }
                }
                if ok {
                    let c = builder.convert(.point(Coordinate(Double(xs)!, Double(ys)!)), axes: (header[x], header[y]))
                    geometry = c.geometry
                    problems += c.problems
                }
            }
        } else if let w = wktColumn, w < row.fields.count, !row.fields[w].trimmingSpaces.isEmpty {
            do {
                let c = builder.convert(try WKT.decode(row.fields[w]), axes: nil)
                geometry = c.geometry
                problems += c.problems
            } catch {
                problems.append("\(header[w]): \(error)")
            }
        }
        return builder.record(location: location, geometry: geometry, problems: problems, values: values, value: { $0 })
    }
}

extension CSVFeatureReader {
    /// The file's text as UTF-8 chunks, starting with the chunk already read to detect the encoding.
    static func utf8(_ file: FileChunks, first: [UInt8], encoding: TextEncoding) throws -> () throws -> [UInt8]? {
        var pendingFirst: [UInt8]? = first
        switch encoding {
        case .utf8:
            return {
                if let f = pendingFirst { pendingFirst = nil; return f }
                return try file.next()
            }
        case .gb18030:
            let decoder = try GB18030Decoder()
            var finished = false
            return {
                if let f = pendingFirst { pendingFirst = nil; return try decoder.decode(f, final: false) }
                guard !finished else { return nil }
                if let chunk = try file.next() { return try decoder.decode(chunk, final: false) }
                finished = true
                return try decoder.decode([], final: true)
            }
        }
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and the full-width spaces Chinese spreadsheets carry.
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\u{3000}" || f == "\u{FEFF}" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\u{3000}" { s.removeLast() }
        return String(s)
    }
}
