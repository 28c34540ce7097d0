import Foundation
import HTTP
import Store

/// riskmap's server settings, read from a JSON file (`riskmap serve --config FILE`). Every key is optional;
/// docs/CONFIG.md lists them with their defaults.
public struct ServiceConfig: Codable, Sendable, Equatable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// One per core up to four, as nginx's `worker_processes auto`: cached tiles are answered on these threads.
    public var ioThreads = ServiceConfig.coresUpToFour
    public var workers = 4
    public var queueCapacity = 256
    public var maxConnections = 1024
    public var maxBodyBytes = 16 << 20
    /// Request bodies and unsent responses all connections together may hold (see docs/HTTP.md).
    public var maxBufferedRequestMB = 256
    public var maxBufferedResponseMB = 256
    public var headerTimeoutSeconds = 10.0
    public var idleTimeoutSeconds = 60.0
    /// The address clients reach this server at (`https://map.example.gov.cn/riskmap`), used in every link,
    /// TileJSON, the style and `Location`. Without it, links use the request's Host header when it names this
    /// server (a loopback name, an IP address, `host` or one of `allowedHosts`), else the listening address.
    public var publicURL: String? = nil
    /// Host names (without port) the Host header may carry and links then echo, when `publicURL` is not set.
    public var allowedHosts: [String] = []
    /// Browser origins allowed to call the API: [] none, ["*"] any, or a list.
    public var corsOrigins: [String] = ["*"]
    /// When false, every request needs a bearer token (of any role).
    public var anonymousReads = true
    /// Invalid bearer tokens one client address may send in a minute before it gets 429 for the rest of it.
    public var authFailuresPerMinute = 20
    /// Items per page when a request gives no limit, and the most it may ask for.
    public var defaultLimit = 100
    public var maxLimit = 10_000
    /// One access-log line per request on stderr.
    public var accessLog = true
    /// The access log's lines: `text` (time, client, request line with its query, status, bytes, milliseconds,
    /// the token's id) or `json` (the same fields as JSON lines).
    public var accessLogFormat = "text"
    /// Memory for encoded tiles (least recently used dropped first).
    public var tileCacheMB = 256
    /// Tiles drawn at once (cache misses); nil: one less than the workers, so that drawing never takes every
    /// worker from /health and cached tiles. A miss beyond it waits for a renderer.
    public var maxTileRenders: Int?
    /// How long a cache miss may wait for a renderer and draw, together, before it stops with a 503.
    public var tileRenderTimeoutSeconds = 5.0
    /// Where the map style (style.json) and the viewer's files live.
    public var tilesDirectory = "tiles"
    /// The import mappings POST /imports may name (`mapping=risk-register` reads risk-register.json here).
    public var mappingsDirectory = "docs/mappings"
    /// The alert rules file (docs/ALERTS.md); nil: the standard rules.
    public var alertRules: String?
    /// The font file map labels are drawn from (`/fonts`); nil: the first of `GlyphRanges.candidates` installed.
    public var fontFile: String?
    /// A basemap under the risk layers, off by default: an operator's raster MBTiles or internal tile URL.
    public var basemap: Basemap?
    /// The safety-score rules file (docs/SUPERVISION.md); nil: the standard indicator table and bands.
    public var scoreRules: String?
    /// Codes added to coded fields (a `cinema` site category), stored at every start unless already stored.
    public var vocabularies: [VocabularySetting] = []

    public init() {}

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ServiceConfig()
        host = try c.decodeIfPresent(String.self, forKey: .host) ?? d.host
        port = try c.decodeIfPresent(Int.self, forKey: .port) ?? d.port
        ioThreads = try c.decodeIfPresent(Int.self, forKey: .ioThreads) ?? d.ioThreads
        workers = try c.decodeIfPresent(Int.self, forKey: .workers) ?? d.workers
        queueCapacity = try c.decodeIfPresent(Int.self, forKey: .queueCapacity) ?? d.queueCapacity
        maxConnections = try c.decodeIfPresent(Int.self, forKey: .maxConnections) ?? d.maxConnections
        maxBodyBytes = try c.decodeIfPresent(Int.self, forKey: .maxBodyBytes) ?? d.maxBodyBytes
        maxBufferedRequestMB = try c.decodeIfPresent(Int.self, forKey: .maxBufferedRequestMB) ?? d.maxBufferedRequestMB
        maxBufferedResponseMB = try c.decodeIfPresent(Int.self, forKey: .maxBufferedResponseMB) ?? d.maxBufferedResponseMB
        headerTimeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .headerTimeoutSeconds) ?? d.headerTimeoutSeconds
        idleTimeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .idleTimeoutSeconds) ?? d.idleTimeoutSeconds
        publicURL = try c.decodeIfPresent(String.self, forKey: .publicURL) ?? d.publicURL
        allowedHosts = try c.decodeIfPresent([String].self, forKey: .allowedHosts) ?? d.allowedHosts
        corsOrigins = try c.decodeIfPresent([String].self, forKey: .corsOrigins) ?? d.corsOrigins
        anonymousReads = try c.decodeIfPresent(Bool.self, forKey: .anonymousReads) ?? d.anonymousReads
        authFailuresPerMinute = try c.decodeIfPresent(Int.self, forKey: .authFailuresPerMinute) ?? d.authFailuresPerMinute
        defaultLimit = try c.decodeIfPresent(Int.self, forKey: .defaultLimit) ?? d.defaultLimit
        maxLimit = try c.decodeIfPresent(Int.self, forKey: .maxLimit) ?? d.maxLimit
        accessLog = try c.decodeIfPresent(Bool.self, forKey: .accessLog) ?? d.accessLog
        accessLogFormat = try c.decodeIfPresent(String.self, forKey: .accessLogFormat) ?? d.accessLogFormat
        guard ["text", "json"].contains(accessLogFormat) else {
            throw DecodingError.dataCorruptedError(forKey: .accessLogFormat, in: c, debugDescription: "accessLogFormat must be text or json")
        }
        tileCacheMB = try c.decodeIfPresent(Int.self, forKey: .tileCacheMB) ?? d.tileCacheMB
        maxTileRenders = try c.decodeIfPresent(Int.self, forKey: .maxTileRenders)
        tileRenderTimeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .tileRenderTimeoutSeconds) ?? d.tileRenderTimeoutSeconds
        tilesDirectory = try c.decodeIfPresent(String.self, forKey: .tilesDirectory) ?? d.tilesDirectory
        mappingsDirectory = try c.decodeIfPresent(String.self, forKey: .mappingsDirectory) ?? d.mappingsDirectory
        alertRules = try c.decodeIfPresent(String.self, forKey: .alertRules)
        scoreRules = try c.decodeIfPresent(String.self, forKey: .scoreRules)
        fontFile = try c.decodeIfPresent(String.self, forKey: .fontFile)
        basemap = try c.decodeIfPresent(Basemap.self, forKey: .basemap)
        vocabularies = try c.decodeIfPresent([VocabularySetting].self, forKey: .vocabularies) ?? d.vocabularies
        if let url = publicURL, !(url.hasPrefix("http://") || url.hasPrefix("https://")) || url.contains(where: { $0.isWhitespace || $0 == "\"" }) {
            throw DecodingError.dataCorrupted(.init(codingPath: [CodingKeys.publicURL], debugDescription: "publicURL must be an http:// or https:// URL, not '\(url)'"))
        }
        if let (unknown, known) = try AnyKey.unknown(in: decoder, besides: CodingKeys.self) {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "unknown setting '\(unknown)' (settings: \(known.joined(separator: ", ")))"))
        }
        if let n = maxTileRenders, n < 1 {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "maxTileRenders must be at least 1 (it is \(n))"))
        }
        guard tileRenderTimeoutSeconds > 0, tileRenderTimeoutSeconds.isFinite else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "tileRenderTimeoutSeconds must be a positive number of seconds"))
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case host, port, ioThreads, workers, queueCapacity, maxConnections, maxBodyBytes, maxBufferedRequestMB, maxBufferedResponseMB, headerTimeoutSeconds, idleTimeoutSeconds
        case publicURL, allowedHosts, corsOrigins, anonymousReads, authFailuresPerMinute, defaultLimit, maxLimit, accessLog, accessLogFormat, tileCacheMB
        case maxTileRenders, tileRenderTimeoutSeconds, tilesDirectory, mappingsDirectory, alertRules, scoreRules, fontFile, basemap, vocabularies
    }

    /// Any key, to name one the settings do not know.
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }

        /// The first key `decoder` holds that `Keys` does not name, with the names `Keys` has, sorted.
        static func unknown<Keys: CodingKey & CaseIterable>(in decoder: Decoder, besides _: Keys.Type) throws -> (key: String, known: [String])? {
            let known = Set(Keys.allCases.map(\.stringValue))
            guard let key = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue).first(where: { !known.contains($0) }) else { return nil }
            return (key, known.sorted())
        }
    }

    /// Reads a config file; a missing or malformed file is an error naming what is wrong.
    public static func load(path: String) throws -> ServiceConfig {
        // FileHandle rather than FileManager.contents, so a pipe (`--config <(…)`) works too.
        guard let handle = FileHandle(forReadingAtPath: path), let data = try? handle.readToEnd() else {
            throw ConfigError(path: path, reason: "cannot read the file")
        }
        do {
            return try JSONDecoder().decode(ServiceConfig.self, from: data)
        } catch let DecodingError.dataCorrupted(c) {
            throw ConfigError(path: path, reason: c.underlyingError.map { "\($0.localizedDescription)" } ?? c.debugDescription)
        } catch let DecodingError.typeMismatch(_, c) {
            throw ConfigError(path: path, reason: "\(c.codingPath.map(\.stringValue).joined(separator: ".")): \(c.debugDescription)")
        } catch {
            throw ConfigError(path: path, reason: "\(error)")
        }
    }

    /// Tiles drawn at once: `maxTileRenders`, or one less than the workers (at least one).
    var tileRenders: Int { maxTileRenders ?? max(1, workers - 1) }

    /// The HTTP server's configuration for these settings.
    var server: ServerConfiguration {
        var s = ServerConfiguration()
        s.host = host
        s.port = port
        s.ioThreads = ioThreads
        s.workers = workers
        s.queueCapacity = queueCapacity
        s.maxConnections = maxConnections
        s.limits.maxBodyBytes = maxBodyBytes
        s.maxBufferedRequestBytes = maxBufferedRequestMB << 20
        s.maxBufferedResponseBytes = maxBufferedResponseMB << 20
        s.errorLog = { writeLog($0) }
        s.headerTimeout = .milliseconds(Int(headerTimeoutSeconds * 1000))
        s.idleTimeout = .milliseconds(Int(idleTimeoutSeconds * 1000))
        s.cors = corsOrigins.isEmpty ? .none : corsOrigins == ["*"] ? CORSPolicy(origins: .any) : CORSPolicy(origins: .list(Set(corsOrigins)))
        return s
    }
}

/// The optional basemap (docs/CONFIG.md): exactly one of a raster MBTiles file the server serves at /basemap, or
/// a tile URL template of an internal tile server the browser asks directly.
public struct Basemap: Codable, Sendable, Equatable {
    public var mbtiles: String?
    public var url: String?
    public var attribution: String?
    public var tileSize: Int?
    public var maxzoom: Int?

    public init(mbtiles: String? = nil, url: String? = nil, attribution: String? = nil, tileSize: Int? = nil, maxzoom: Int? = nil) {
        (self.mbtiles, self.url, self.attribution, self.tileSize, self.maxzoom) = (mbtiles, url, attribution, tileSize, maxzoom)
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case mbtiles, url, attribution, tileSize, maxzoom }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mbtiles = try c.decodeIfPresent(String.self, forKey: .mbtiles)
        url = try c.decodeIfPresent(String.self, forKey: .url)
        attribution = try c.decodeIfPresent(String.self, forKey: .attribution)
        tileSize = try c.decodeIfPresent(Int.self, forKey: .tileSize)
        maxzoom = try c.decodeIfPresent(Int.self, forKey: .maxzoom)
        func fail(_ why: String) -> DecodingError { .dataCorrupted(.init(codingPath: [ServiceConfig.CodingKeys.basemap], debugDescription: why)) }
        guard (mbtiles == nil) != (url == nil) else { throw fail("basemap needs exactly one of mbtiles (a raster MBTiles file) or url (a tile URL template)") }
        if let url, !((url.hasPrefix("http://") || url.hasPrefix("https://")) && ["{z}", "{x}", "{y}"].allSatisfy(url.contains)) {
            throw fail("basemap.url must be an http(s) URL with {z}, {x} and {y}, not '\(url)'")
        }
        if let t = tileSize, ![256, 512].contains(t) { throw fail("basemap.tileSize must be 256 or 512") }
        if let z = maxzoom, !(0...24).contains(z) { throw fail("basemap.maxzoom must be 0–24") }
    }
}

public struct ConfigError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String
    public var description: String { "config \(path): \(reason)" }
}

extension ServiceConfig {
    static var coresUpToFour: Int { max(1, min(4, ProcessInfo.processInfo.activeProcessorCount)) }
}
