import Monotonic
import Foundation
import GeoKit
import Import
import Projection
import Store

let importCommand = Command(
    name: "import", brief: "Load a GeoJSON or CSV file (a risk register, say) into a layer.",
    summary: """
        Load a GeoJSON FeatureCollection (streamed: any size), a CSV file (UTF-8 or GB18030; lon/lat or WKT columns; \
        headers mapped to fields by a mapping file, see docs/IMPORT.md) or an OpenStreetMap extract (.osm.pbf, .osm; \
        LAYER osm fills roads, sites, risk_sources, pipelines and resources) into a layer, in one transaction audited as one \
        import entry. Coordinates are converted to WGS 84 from --crs. By default one invalid row rejects the whole file \
        and every invalid row is reported; --skip-invalid imports the valid rows and writes the others to --report.
        """,
    usage: "LAYER FILE [--format geojson|csv|osm] [--crs CRS] [--mapping FILE] [--mode append|replace|upsert] [--key FIELD] [--link FIELD=KEY] [--skip-invalid] [--report FILE] [--db PATH]",
    options: [
        OptionSpec("--format", value: "FORMAT", help: "geojson, csv or osm (default: from the mapping, else the file's extension)."),
        OptionSpec("--crs", value: "CRS", help: "Input coordinates: EPSG:4326, EPSG:4490, GCJ-02, any EPSG code or PROJ string (default: from the mapping, else EPSG:4326)."),
        OptionSpec("--mapping", value: "FILE", help: "A JSON mapping of columns to fields (docs/IMPORT.md); docs/mappings/risk-register.json reads risk registers."),
        OptionSpec("--mode", value: "MODE", default: "append", help: "append, replace (delete the layer's features first) or upsert (update by --key)."),
        OptionSpec("--key", value: "FIELD", help: "The field that identifies a feature for --mode upsert."),
        OptionSpec("--link", value: "FIELD=KEY", help: "Resolve references by a key instead of ids: --link source_id=credit_code takes the file's source_id as the enterprise's credit code (comma-separated for several)."),
        OptionSpec("--skip-invalid", help: "Import the valid rows and report the others, instead of rejecting the file."),
        OptionSpec("--report", value: "FILE", help: "Write the rejected rows (location and every reason) to FILE."),
        dbOption,
    ],
    maxPositionals: 2
) { args in
    guard args.positionals.count == 2 else { throw UsageError(description: "import needs a LAYER and a FILE") }
    let (layerName, path) = (args.positionals[0], args.positionals[1])
    if args.flag("--skip-invalid"), args.value("--report") == nil {
        throw UsageError(description: "--skip-invalid needs --report FILE for the rejected rows")
    }
    let mapping = try args.value("--mapping").map { try ImportMapping.load(path: $0) }
    let fileName = (path as NSString).lastPathComponent
    // Opened first when it exists, so a mapping may name the codes a bureau added; a missing file is reported
    // after the usage errors, as before.
    let opened = FileManager.default.fileExists(atPath: args.value("--db")!) ? try openStore(args) : nil
    let request: ImportRequest
    do {
        request = try ImportRequest(layer: layerName, format: args.value("--format"), formatHint: formatFromExtension(path), mapping: mapping,
                                    system: args.value("--crs").map(InputCoordinateSystem.init(parsing:)), mode: args.value("--mode"),
                                    key: args.value("--key"), skipInvalid: args.flag("--skip-invalid"), sourceName: fileName,
                                    links: args.value("--link").map { $0.split(separator: ",").map(String.init) } ?? [],
                                    vocabularies: try opened?.vocabularies() ?? .builtIn)
    } catch let error as ImportRequestError {
        throw UsageError(description: (error.option == "layer" ? "LAYER " : "--\(error.option) ") + error.problem)
    }
    let store = try opened ?? openStore(args)
    let bar = ProgressBar()
    let progress: (ImportSummary, (done: Int, total: Int)) -> Void = { s, p in
        // The number of rows is unknown until the end; estimate it from the share of the file read.
        let estimate = p.done > 0 ? Int(Double(s.read) * Double(p.total) / Double(p.done)) : s.read
        bar.update(stage: "import \(layerName)", done: s.read, total: p.done >= p.total ? s.read : max(estimate, s.read + 1))
    }
    let summary: ImportSummary
    do {
        summary = try request.run(path: path, store: store, context: WriteContext(actor: "riskmap import \(fileName)"), progress: progress)
    } catch let rejected as ImportRejected {
        bar.finishLine()
        let s = rejected.summary
        if let report = args.value("--report") { try writeReport(s, to: report) }
        // Every row when they are few; grouped by kind of fault when they are many.
        let lines = s.rejected <= 20 ? s.rejections.map(\.description) : s.faultLines
        writeStderr(lines.map { "  \($0)\n" }.joined())
        throw RuntimeError(description: "\(s.rejected) of \(s.read) rows of \(path) are invalid (listed above); nothing was imported. "
                           + "Fix them, or pass --skip-invalid to import the \(s.read - s.rejected) valid rows")
    } catch {
        bar.finishLine()
        throw error
    }
    bar.finishLine()
    if !summary.warnings.isEmpty { writeStderr(summary.warnings.map { "  note: \($0)\n" }.joined()) }
    if let report = args.value("--report") { try writeReport(summary, to: report) }
    print("imported \(path) into \(request.layers.map(\.name).joined(separator: ", ")): \(summary.line), in \(String(format: "%.1f", summary.seconds)) s"
          + (summary.rejected > 0 ? "; rejected rows in \(args.value("--report")!)" : ""))
}

private func formatFromExtension(_ path: String) -> String? {
    switch (path as NSString).pathExtension.lowercased() {
    case "geojson", "json": "geojson"
    case "csv", "txt": "csv"
    case "pbf", "osm": "osm"
    default: nil
    }
}

private func writeReport(_ summary: ImportSummary, to path: String) throws {
    let sink = try FileSink(path: path)
    try sink.write(Array(summary.report.utf8))
    try sink.finish()
}

let exportCommand = Command(
    name: "export", brief: "Write a layer as GeoJSON or CSV.",
    summary: "Write a layer's features (all, or those meeting --bbox) as a GeoJSON FeatureCollection or as CSV with a WKT geometry column, from one consistent snapshot. Both formats import back with `riskmap import`.",
    usage: "LAYER --format geojson|csv [--encoding utf-8|gb18030] [--out FILE] [--bbox MINLON,MINLAT,MAXLON,MAXLAT] [--db PATH]",
    options: [
        OptionSpec("--format", value: "FORMAT", help: "geojson or csv."),
        OptionSpec("--encoding", value: "ENCODING", default: "utf-8", help: "CSV's text encoding: utf-8, or gb18030 for spreadsheets on Chinese Windows (GeoJSON is always UTF-8)."),
        OptionSpec("--out", value: "FILE", help: "The file to write (default: standard output)."),
        OptionSpec("--bbox", value: "BOX", help: "Only features meeting this lon/lat box: minLon,minLat,maxLon,maxLat."),
        dbOption,
    ],
    maxPositionals: 1
) { args in
    guard let layerName = args.positionals.first else { throw UsageError(description: "export needs a LAYER") }
    guard let layer = Catalog.layer(layerName) else { throw UsageError(description: StoreError.unknownLayer(layerName).description) }
    guard let formatName = args.value("--format"), let format = ExportFormat(rawValue: formatName.lowercased()) else {
        throw UsageError(description: "--format must be geojson or csv")
    }
    guard let encoding = TextEncoding(name: args.value("--encoding") ?? "utf-8"), encoding == .utf8 || format == .csv else {
        throw UsageError(description: "--encoding must be utf-8 or gb18030, and gb18030 only with --format csv")
    }
    let bbox = try args.bbox("--bbox")
    let store = try openStore(args)
    let total = try store.read { try $0.count(layer) }
    let out = args.value("--out")
    let sink = try out.map { try FileSink(path: $0) } ?? FileSink()
    let bar = ProgressBar()
    let started = MonotonicClock.seconds()
    let n = try Exporter.export(layer, from: store, format: format, bbox: bbox, encoding: encoding, to: sink) { n in
        bar.update(stage: "export \(layer.name)", done: n, total: max(total, n))
    }
    bar.finishLine()
    let line = "exported \(n) \(layer.name) features as \(format.rawValue) (\(sink.bytesWritten) bytes) in \(String(format: "%.1f", MonotonicClock.seconds() - started)) s"
    if out != nil { print(line) } else { writeStderr(line + "\n") }
}
