// swift-tools-version:6.0
// riskmap: a tile and query server for a city's safety-risk "one map".
// No Swift package dependencies: the toolchain plus Debian C libraries through system-library targets.
import PackageDescription

let package = Package(
    name: "riskmap",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "riskmap", targets: ["riskmap"]),
    ],
    targets: [
        // C libraries (Debian -dev packages; see docs/DEPENDENCIES.md).
        .systemLibrary(name: "CSpatiaLite", path: "Sources/CSpatiaLite"),
        .systemLibrary(name: "CProj", path: "Sources/CProj"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CReadOSM", path: "Sources/CReadOSM"),
        .systemLibrary(name: "CFreeType", path: "Sources/CFreeType", pkgConfig: "freetype2"),
        // epoll, eventfd, accept4 and signal plumbing that Glibc does not give Swift cleanly.
        .target(name: "CLinux"),

        // Leaves shared by targets that do not depend on one another (docs/ARCHITECTURE.md): JSON string
        // escaping (GeoKit's writer and HTTP's problem+json) and the monotonic clock.
        .target(name: "JSONText"),
        .target(name: "Monotonic"),
        // Copies of bytes in a memory file, for sendfile (cached tiles sent without a copy into the socket).
        .target(name: "MemoryFile", dependencies: ["CLinux"]),
        // Geometry values and codecs, Web Mercator and tile math, clipping, simplification; no I/O.
        .target(name: "GeoKit", dependencies: ["JSONText"]),
        // Protobuf writer, MVT 2.1 layers and features, per-tile budgets.
        .target(name: "VectorTiles", dependencies: ["GeoKit"]),
        .target(name: "Glyphs", dependencies: ["CFreeType", "VectorTiles"]),
        // SpatiaLite connections, schema, layers, audited writes.
        .target(name: "Store", dependencies: ["CSpatiaLite", "GeoKit"]),
        // PROJ contexts and transformers, the metric grid CRS, GCJ-02.
        .target(name: "Projection", dependencies: ["CProj", "GeoKit"]),
        // gzip through zlib: a leaf that both the HTTP server and the tile seeder use.
        .target(name: "Gzip", dependencies: ["CZlib"]),
        // The HTTP/1.1 server: epoll I/O threads, parser, router, worker pool, gzip negotiation, server-sent events.
        .target(name: "HTTP", dependencies: ["CLinux", "Gzip", "JSONText", "MemoryFile", "Monotonic"]),
        // The risk model's pure rules: levels, colours, weights, kernels, GB 18218 grading, impact radii.
        .target(name: "RiskModel", dependencies: ["Projection", "GeoKit"]),
        // The risk grid: cells, chunks, rebuild, the incremental observer, queries, explain, area summaries;
        // and enterprise colours, which follow the rules stored with the grid.
        .target(name: "RiskGrid", dependencies: ["RiskModel", "Store", "Projection", "GeoKit"]),
        // Routing: the CSR road graph, its segment index, hazards laid onto the roads, searches; plain arrays, no SQL.
        .target(name: "Routing", dependencies: ["GeoKit"]),
        // The routing network over the store: roads and hazards loaded through Store's scans, kept by commits.
        .target(name: "RoadNetwork", dependencies: ["Routing", "Store", "RiskModel", "RiskGrid", "GeoKit"]),
        // Nearby hazards and site checks over an in-memory index of the hazard layers that follows every write; no HTTP.
        .target(name: "Analysis", dependencies: ["Store", "RiskModel", "GeoKit"]),
        // Temporary-risk reports to alerts: the rules as an observer of every write, the fan-out to listeners,
        // CAP 1.2 messages; no HTTP.
        .target(name: "Alerts", dependencies: ["Store", "RiskModel", "RiskGrid", "GeoKit", "Analysis"]),
        // Risk-based supervision: safety scores from their events, supervision tiers (docs/SUPERVISION.md); no HTTP.
        .target(name: "Inspections", dependencies: ["Store", "RiskModel", "GeoKit"]),
        // The synthetic demo city.
        .target(name: "DemoCity", dependencies: ["Store", "RiskModel", "GeoKit"]),
        // Vector tiles of the store's layers and the grid: layers, in-memory sources, renderer, cache,
        // invalidation, seeding; no HTTP.
        .target(name: "Tiles", dependencies: ["Store", "RiskModel", "RiskGrid", "VectorTiles", "GeoKit", "JSONText", "Gzip", "MemoryFile", "Monotonic"]),
        // The HTTP API over the store: OGC API – Features, tiles, grid, health, metrics, OpenAPI.
        .target(name: "Service", dependencies: ["HTTP", "Gzip", "MemoryFile", "Monotonic", "Store", "RiskModel", "RiskGrid", "GeoKit", "VectorTiles", "Tiles", "Import", "Projection", "Routing", "RoadNetwork", "Analysis", "Alerts", "Inspections", "Glyphs"]),
        // Imports (GeoJSON, CSV registers, OpenStreetMap) and exports.
        .target(name: "Import", dependencies: ["Store", "Projection", "GeoKit", "CReadOSM", "Monotonic"]),
        // The command-line tool.
        .executableTarget(name: "riskmap", dependencies: ["Store", "RiskModel", "RiskGrid", "DemoCity", "Service", "Tiles", "GeoKit", "Import", "Projection", "Monotonic", "Routing", "RoadNetwork", "Analysis", "Alerts", "Inspections"]),
        // Benchmarks (release builds only; see docs/PERFORMANCE.md).
        .executableTarget(name: "riskmap-bench", dependencies: ["Store", "RiskModel", "RiskGrid", "DemoCity", "GeoKit", "Tiles", "VectorTiles", "Monotonic", "Routing", "RoadNetwork", "Analysis", "Inspections"], path: "Benchmarks/riskmap-bench"),

        .testTarget(name: "GeoKitTests", dependencies: ["GeoKit", "JSONText"]),
        // decode_mvt.py is the independent decoder the tests run; it is not a resource of the bundle.
        .testTarget(name: "VectorTilesTests", dependencies: ["VectorTiles", "GeoKit", "TestSupport"], exclude: ["decode_mvt.py"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "GeoKit"]),
        .testTarget(name: "RiskModelTests", dependencies: ["RiskModel", "Projection", "GeoKit"]),
        .testTarget(name: "InspectionsTests", dependencies: ["Inspections", "Store", "RiskGrid", "RiskModel"]),
        .testTarget(name: "AlertsTests", dependencies: ["Alerts", "Store", "RiskGrid", "GeoKit", "TestSupport"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "Store", "RiskModel", "GeoKit", "TestSupport"]),
        .testTarget(name: "RiskGridTests", dependencies: ["RiskGrid", "RiskModel", "Store", "Projection", "GeoKit", "TestSupport"]),
        .testTarget(name: "DemoCityTests", dependencies: ["DemoCity", "Store", "RiskGrid"]),
        // Helpers the tests share: running the built binary, a seeded generator.
        .target(name: "TestSupport", path: "Tests/Support"),
        .testTarget(name: "CLITests", dependencies: ["Store", "TestSupport"]),
        .testTarget(name: "ProjectionTests", dependencies: ["Projection", "CProj", "GeoKit"]),
        .testTarget(name: "TilesTests", dependencies: ["Tiles", "Store", "DemoCity", "RiskModel", "RiskGrid", "GeoKit", "VectorTiles", "TestSupport"]),
        .testTarget(name: "ServiceTests", dependencies: ["Service", "Tiles", "Store", "DemoCity", "RiskModel", "RiskGrid", "TestSupport", "Analysis", "GeoKit"], exclude: ["owslib_client.py", "viewer_browser.py", "cap_check.py"]),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "CZlib", "MemoryFile", "Monotonic", "TestSupport"]),
        .testTarget(name: "RoutingTests", dependencies: ["Routing", "RoadNetwork", "Store", "GeoKit", "TestSupport"]),
        .testTarget(name: "ImportTests", dependencies: ["Import", "Store", "Projection", "GeoKit", "RiskModel", "RiskGrid", "DemoCity", "TestSupport"]),
    ]
)
