import GeoKit

/// A failed projection step, with PROJ's own words where PROJ was involved and the CRS definitions and point
/// that were being worked on, so one line in a log or a problem+json body says what to fix.
public struct ProjectionError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as an open set of constants (like swift-system's `Errno`) so callers can match on it.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        public let name: String

        /// PROJ could not build a CRS or a coordinate operation from the definitions given.
        public static let invalidCRS = Kind(name: "invalid CRS")
        /// A point could not be transformed (outside the projection's domain, not finite, …).
        public static let pointFailed = Kind(name: "point failed")
        /// A box or zone request that no supported grid CRS covers.
        public static let noGridCRS = Kind(name: "no grid CRS")

        public var description: String { name }
    }

    public let kind: Kind
    /// PROJ's error text (its log messages, else its error-code string), or ours when PROJ was not called.
    public let message: String
    /// PROJ's error number (`proj_errno`), 0 when PROJ did not report one.
    public let code: Int32
    public let source: String?
    public let target: String?
    /// Index of the first failing point in a batch, or 0 for a single point.
    public let pointIndex: Int?
    /// The failing input point when it is still known (batches transform in place, so it is lost there).
    public let point: Coordinate?
    /// How many points of a batch failed.
    public let failedCount: Int

    public init(kind: Kind, message: String, code: Int32 = 0, source: String? = nil, target: String? = nil,
                pointIndex: Int? = nil, point: Coordinate? = nil, failedCount: Int = 0) {
        self.kind = kind
        self.message = message
        self.code = code
        self.source = source
        self.target = target
        self.pointIndex = pointIndex
        self.point = point
        self.failedCount = failedCount
    }

    public var description: String {
        var s = "\(kind): \(message)"
        if code != 0 { s += " (PROJ error \(code))" }
        if source != nil || target != nil { s += " [\(source ?? "?") → \(target ?? "?")]" }
        if let pointIndex {
            s += " at point \(pointIndex)"
            if let point { s += " (\(point.x), \(point.y))" }
            if failedCount > 1 { s += "; \(failedCount) points failed" }
        }
        return s
    }
}
