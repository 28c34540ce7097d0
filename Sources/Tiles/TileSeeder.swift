import Foundation
import GeoKit
import Gzip
import Store

/// Draws every tile of a box over a range of zooms ahead of time, into an MBTiles 1.3 file (gzip-compressed
/// MVT, TMS rows, metadata with vector_layers) or a z/x/y.mvt directory pyramid that any static file server
/// (nginx) can serve. Empty tiles are not written.
public struct TileSeeder {
    public enum Output: Sendable {
        case mbtiles(String)
        case directory(String)
    }

    public struct Summary: Sendable {
        public let tiles: Int
        public let written: Int
        public let bytes: Int
    }

    let layers: [TileLayer]
    let bbox: BBox
    let zooms: ClosedRange<Int>

    /// Throws `TilesError` for an unknown layer or zooms out of range, and the store's errors.
    public init(layerList: String, bbox: BBox?, zooms: ClosedRange<Int>, store: Store) throws {
        layers = try TileLayer.layers(layerList)
        guard zooms.lowerBound >= 0, zooms.upperBound <= TileID.maxZoom else {
            throw TilesError.zoomsOutOfRange(zooms, max: TileID.maxZoom)
        }
        self.zooms = zooms
        if let bbox {
            self.bbox = bbox
        } else {
            let layers = self.layers
            self.bbox = try store.read { r in
                var b = BBox.empty
                for l in layers { if let source = l.source, let e = try r.extent(source) { b.extend(e) } }
                return b
            }
        }
    }

    /// How many tiles the box covers over the zooms.
    public var tileCount: Int {
        zooms.reduce(0) { n, z in n + ((try? TileID.covering(bbox, zoom: z).count) ?? 0) }
    }

    public func run(store: Store, output: Output, progress: (Int, Int) -> Void) throws -> Summary {
        let sources = try TileSources(store: store).snapshot(layers)
        // A static pyramid cannot follow the clock: time-windowed features are drawn as they are when seeded.
        let now = Int64(time(nil))
        let total = tileCount
        var done = 0, written = 0, bytes = 0
        let sink = try Sink(output, layers: layers, bbox: bbox, zooms: zooms)
        for z in zooms where !bbox.isEmpty {
            for tile in try TileID.covering(bbox, zoom: z) {
                let encoded = try TileRenderer.render(layers, tile: tile, sources: sources, at: now)
                if encoded.layers.contains(where: { $0.kept > 0 }) {
                    try sink.write(tile, encoded.bytes)
                    written += 1
                    bytes += encoded.bytes.count
                }
                done += 1
                if done % 64 == 0 || done == total { progress(done, total) }
            }
        }
        try sink.finish()
        return Summary(tiles: total, written: written, bytes: bytes)
    }

    /// Where tiles go.
    private final class Sink {
        let output: Output
        let file: MBTilesFile?

        init(_ output: Output, layers: [TileLayer], bbox: BBox, zooms: ClosedRange<Int>) throws {
            self.output = output
            switch output {
            case .directory(let dir):
                file = nil
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            case .mbtiles(let path):
                let c = bbox.center
                var vectorLayers = JSONWriter()
                vectorLayers.raw("{\"vector_layers\":")
                TileLayer.writeVectorLayers(layers, zooms: zooms, into: &vectorLayers)
                vectorLayers.raw("}")
                let metadata: [(String, String)] = [
                    ("name", "riskmap " + layers.map(\.name).joined(separator: ",")), ("format", "pbf"), ("type", "overlay"),
                    ("version", "1.3"), ("description", TileLayer.thinning),
                    ("bounds", "\(bbox.minX),\(bbox.minY),\(bbox.maxX),\(bbox.maxY)"),
                    ("center", "\(c.x),\(c.y),\(zooms.upperBound)"),
                    ("minzoom", String(zooms.lowerBound)), ("maxzoom", String(zooms.upperBound)), ("json", vectorLayers.string),
                ]
                file = try MBTilesFile(path: path, metadata: metadata)
            }
        }

        func write(_ tile: TileID, _ bytes: [UInt8]) throws {
            switch output {
            case .directory(let dir):
                let folder = "\(dir)/\(tile.z)/\(tile.x)"
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try Data(bytes).write(to: URL(fileURLWithPath: "\(folder)/\(tile.y).mvt"), options: .atomic)
            case .mbtiles:
                guard let gz = Gzip.compress(bytes, level: 6), let file else { throw TilesError.gzipFailed }
                try file.insert(z: tile.z, x: tile.x, y: tile.y, data: gz)
            }
        }

        func finish() throws {
            try file?.finish()
        }
    }
}
