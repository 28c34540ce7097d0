import Foundation
import Service
import Store
import Testing

/// The operator's optional basemap: a raster MBTiles file served at /basemap and put under the style, or an
/// internal tile URL put in the style as it is; nothing without configuration; faults refused at start.
@Suite struct BasemapTests {
    /// A 1×1 grey PNG.
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01,
                               0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3A, 0x7E, 0x9B, 0x55, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41,
                               0x54, 0x78, 0x9C, 0x63, 0x68, 0x00, 0x00, 0x00, 0x82, 0x00, 0x81, 0x4C, 0x17, 0xD7, 0xDF, 0x00, 0x00, 0x00, 0x00, 0x49,
                               0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]

    func mbtiles(format: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("basemap-\(UUID().uuidString).mbtiles").path
        let file = try MBTilesFile(path: path, metadata: [("name", "test basemap"), ("format", format)])
        try file.insert(z: 0, x: 0, y: 0, data: Self.png)
        try file.insert(z: 1, x: 1, y: 0, data: Self.png)
        try file.finish()
        return path
    }

    func layers(_ server: TestServer) -> [String] {
        (server.get("/style.json").object["layers"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    @Test func anMBTilesBasemapIsServedAndDrawnUnderEverything() throws {
        let path = try mbtiles(format: "png")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let server = try TestServer(demo: false) { $0.basemap = Basemap(mbtiles: path, attribution: "© 测绘院") }
        let tile = server.get("/basemap/1/1/0.png")
        #expect(tile.status == 200 && tile.headers["content-type"] == "image/png" && Array(tile.body) == Self.png)
        #expect(server.get("/basemap/1/0/0.png").status == 204)
        #expect(server.get("/basemap/0/0/0.jpg").status == 404 && server.get("/basemap/0/0/zero.png").status == 404)
        let style = server.get("/style.json").object
        let source = (style["sources"] as? [String: Any])?["basemap"] as? [String: Any] ?? [:]
        #expect(source["tiles"] as? [String] == [server.base + "/basemap/{z}/{x}/{y}.png"] && source["attribution"] as? String == "© 测绘院")
        #expect(layers(server).prefix(2) == ["background", "basemap"])
    }

    @Test func aTileURLGoesIntoTheStyleAndNothingWithoutConfiguration() throws {
        let url = "http://gis.internal/tiles/{z}/{x}/{y}.png"
        let server = try TestServer(demo: false) { $0.basemap = Basemap(url: url, maxzoom: 18) }
        let source = (server.get("/style.json").object["sources"] as? [String: Any])?["basemap"] as? [String: Any] ?? [:]
        #expect(source["tiles"] as? [String] == [url] && source["maxzoom"] as? Int == 18)
        #expect(server.get("/basemap/0/0/0.png").status == 404)
        let plain = try TestServer(demo: false)
        #expect(!layers(plain).contains("basemap") && !layers(plain).isEmpty)
    }

    @Test func faultsAreRefusedAtStart() throws {
        for bad in [#"{"basemap": {}}"#, #"{"basemap": {"url": "http://x/{z}/{x}/{y}.png", "mbtiles": "a.mbtiles"}}"#,
                    #"{"basemap": {"url": "ftp://x/{z}/{x}/{y}.png"}}"#, #"{"basemap": {"url": "http://x/tiles.png"}}"#,
                    #"{"basemap": {"url": "http://x/{z}/{x}/{y}.png", "tileSize": 300}}"#] {
            #expect(throws: DecodingError.self, "\(bad)") { try JSONDecoder().decode(ServiceConfig.self, from: Data(bad.utf8)) }
        }
        let vector = try mbtiles(format: "pbf")
        defer { try? FileManager.default.removeItem(atPath: vector) }
        #expect { try TestServer(demo: false) { $0.basemap = Basemap(mbtiles: vector) } } throws: { "\($0)".contains("must be raster") }
        #expect(throws: (any Error).self) { try TestServer(demo: false) { $0.basemap = Basemap(mbtiles: "/nonexistent/base.mbtiles") } }
    }
}
