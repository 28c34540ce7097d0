import GeoKit
import Projection
import Store

/// Reads a GeoJSON FeatureCollection (or a single Feature) into records, one feature at a time from a file read
/// in chunks. Properties are fields by name, or renamed by the mapping.
public struct GeoJSONFeatureReader: ImportRecordReader {
    private let file: FileChunks
    private var stream: GeoJSONFeatureStream
    private let builder: RecordBuilder
    private let wording: ProblemWording
    private var featuresRead = 0

    public init(path: String, layer: LayerSchema, mapping: ImportMapping?, system: InputCoordinateSystem,
                context: ProjContext, chunkSize: Int = FileChunks.defaultChunkSize) throws {
        let file = try FileChunks(path: path, chunkSize: chunkSize)
        self.file = file
        stream = GeoJSONFeatureStream(read: { try file.next() })
        let fields = mapping.flatMap { $0.fields.isEmpty ? nil : $0.fields }
        builder = RecordBuilder(layer: layer, fields: fields, parent: mapping?.parent,
                                converter: try WGS84Converter(from: system, context: context), bounds: mapping?.bounds)
        wording = ProblemWording(layer: layer, fields: fields, parent: mapping?.parent)
    }

    public var progress: (done: Int, total: Int) { (stream.bytesConsumed, file.size) }

    /// The most bytes the reader held at once (one chunk plus one feature), for tests of bounded memory.
    public var peakBufferedBytes: Int { stream.peakBufferedBytes }

    public func describe(_ problem: String, layer: LayerSchema) -> String { wording.describe(problem, layer: layer) }

    public mutating func next() throws -> ImportRecord? {
        let item: GeoJSONFeatureStream.Item?
        do {
            item = try stream.next()
        } catch let e as JSONParseError {
            throw ImportError("\(file.path): \(e), after feature \(featuresRead)")
        }
        guard let item else { return nil }
        featuresRead = item.number
        let location = "feature \(item.number)"
        switch item.result {
        case .failure(let e):
            return ImportRecord(location: location, feature: nil, parent: nil, problems: [e.reason])
        case .success(let f):
            var problems: [String] = []
            var geometry: Geometry?
            if let g = f.geometry {
                let c = builder.convert(g, axes: nil)
                geometry = c.geometry
                problems = c.problems
            }
            return builder.record(location: location, geometry: geometry, problems: problems,
                                  values: f.properties, value: Value.init(json:))
        }
    }

}
