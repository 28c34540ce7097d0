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

        // Geometry values and codecs; no I/O.
        .target(name: "GeoKit"),
        // SpatiaLite connections, schema, layers, audited writes.
        .target(name: "Store", dependencies: ["CSpatiaLite", "GeoKit"]),
        // PROJ contexts and transformers, the metric grid CRS, GCJ-02.
        .target(name: "Projection", dependencies: ["CProj", "GeoKit"]),
        // Risk levels, colours and rules.
        .target(name: "RiskModel", dependencies: ["Store"]),
        // The synthetic demo city.
        .target(name: "DemoCity", dependencies: ["Store", "RiskModel", "GeoKit"]),
        // Imports (GeoJSON, CSV registers, OpenStreetMap) and exports.
        .target(name: "Import", dependencies: ["Store", "Projection", "GeoKit", "CReadOSM"]),
        // The command-line tool.
        .executableTarget(name: "riskmap", dependencies: ["Store", "RiskModel", "DemoCity", "Import", "Projection"]),

        .testTarget(name: "GeoKitTests", dependencies: ["GeoKit"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "GeoKit"]),
        .testTarget(name: "RiskModelTests", dependencies: ["RiskModel", "Store"]),
        .testTarget(name: "DemoCityTests", dependencies: ["DemoCity", "Store"]),
        .testTarget(name: "CLITests", dependencies: ["Store"]),
        .testTarget(name: "ProjectionTests", dependencies: ["Projection", "CProj", "GeoKit"]),
        .testTarget(name: "ImportTests", dependencies: ["Import", "Store", "Projection", "GeoKit", "RiskModel", "DemoCity"]),
    ]
)
