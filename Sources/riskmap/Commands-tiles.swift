import Monotonic
import Foundation
import GeoKit
import Store
import Tiles

let tilesCommand = Command(
    name: "tiles", brief: "Seed vector tiles into an MBTiles file or a z/x/y directory.",
    summary: "Draw every tile of a box over a range of zooms ahead of time (the same tiles the server draws: severity budgets, clipping, simplification). Output: an MBTiles 1.3 file (gzip-compressed MVT, readable by GDAL, QGIS, tileserver-gl, MapLibre via pmtiles converters) or a directory pyramid z/x/y.mvt that nginx can serve. Empty tiles are skipped.",
    usage: "seed [--layers LIST] [--bbox minLon,minLat,maxLon,maxLat] [--zooms A-B] (--mbtiles FILE | --dir DIR) [--db PATH]",
    options: [
        OptionSpec("--layers", value: "LIST", default: "areas,roads,pipelines,sites,resources,risk_sources,risks,reports",
                   help: "Comma-separated tile layers."),
        OptionSpec("--bbox", value: "BOX", help: "Longitude/latitude box (default: the layers' extent)."),
        OptionSpec("--zooms", value: "A-B", default: "0-14", help: "Zoom range."),
        OptionSpec("--mbtiles", value: "FILE", help: "Write an MBTiles file (replaced if it exists)."),
        OptionSpec("--dir", value: "DIR", help: "Write DIR/z/x/y.mvt (for example tiles/cache/all)."),
        dbOption,
    ],
    maxPositionals: 1
) { args in
    guard args.positionals.first == "seed" else { throw UsageError(description: "tiles needs an action: seed") }
    let output: TileSeeder.Output
    switch (args.value("--mbtiles"), args.value("--dir")) {
    case (let file?, nil): output = .mbtiles(file)
    case (nil, let dir?): output = .directory(dir)
    default: throw UsageError(description: "give exactly one of --mbtiles FILE or --dir DIR")
    }
    let zoomParts = args.value("--zooms")!.split(separator: "-").map { Int($0) }
    guard zoomParts.count == 2, let lo = zoomParts[0], let hi = zoomParts[1], lo <= hi else {
        throw UsageError(description: "--zooms must look like 0-14")
    }
    let bbox = try args.bbox("--bbox")
    let store = try openStore(args)
    let seeder: TileSeeder
    do {
        seeder = try TileSeeder(layerList: args.value("--layers")!, bbox: bbox, zooms: lo...hi, store: store)
    } catch let e as TilesError {
        // An unknown layer or zooms out of range: the arguments are wrong, whatever the database holds.
        throw UsageError(description: e.description)
    }
    let started = MonotonicClock.seconds()
    let bar = ProgressBar()
    let summary = try seeder.run(store: store, output: output) { done, total in bar.update(stage: "tiles", done: done, total: total) }
    bar.finishLine()
    print("\(summary.written) tiles written (\(summary.tiles - summary.written) empty skipped), \(summary.bytes / 1024) KB of MVT, "
          + String(format: "%.1f s", MonotonicClock.seconds() - started))
}
