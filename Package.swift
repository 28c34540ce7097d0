// swift-tools-version:6.0
// riskmap: a tile and query server for a city's safety-risk "one map".
// No Swift package dependencies: the toolchain plus Debian C libraries through system-library targets.
import PackageDescription

let package = Package(
    name: "riskmap",
    platforms: [.macOS(.v15)],
    products: [
    ],
    targets: [
        // C libraries (Debian -dev packages; see docs/DEPENDENCIES.md).
        .systemLibrary(name: "CSpatiaLite", path: "Sources/CSpatiaLite"),
        .systemLibrary(name: "CProj", path: "Sources/CProj"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // epoll, eventfd, accept4 and signal plumbing that Glibc does not give Swift cleanly.
        .target(name: "CLinux"),

        // Geometry values and codecs; no I/O.
        .target(name: "GeoKit"),
        // SpatiaLite connections, schema, layers, audited writes.
        .target(name: "Store", dependencies: ["CSpatiaLite", "GeoKit"]),
        // The HTTP/1.1 server: epoll I/O threads, parser, router, worker pool, gzip, server-sent events.
        .target(name: "HTTP", dependencies: ["CLinux", "CZlib"]),
        // Risk levels, colours and rules.
        // The synthetic demo city.
        // The command-line tool.

        .testTarget(name: "StoreTests", dependencies: ["Store", "GeoKit"]),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "CZlib"]),
    ]
)
