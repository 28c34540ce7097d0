import CProj
import GeoKit

/// A PROJ coordinate operation from one CRS to another, with axes in visualisation order: x is longitude or
/// easting, y is latitude or northing, whatever the EPSG definitions say (EPSG:4326 is lat/lon, the CGCS2000
/// Gauss-Krüger CRSs are northing/easting). Geographic coordinates are in degrees.
///
/// Not Sendable: it belongs to the `ProjContext` (and so the thread) that built it.
public final class Transformer {
    public enum Direction: Sendable {
        case forward, inverse

        var proj: PJ_DIRECTION { self == .forward ? PJ_FWD : PJ_INV }
    }

    public let source: CRS
    public let target: CRS
    private let context: ContextHandle
    private let pj: OpaquePointer

    init(context: ContextHandle, source: CRS, target: CRS) throws(ProjectionError) {
        self.context = context
        self.source = source
        self.target = target
        context.clearLog()
        guard let operation = proj_create_crs_to_crs(context.pointer, source.definition, target.definition, nil) else {
            let code = proj_context_errno(context.pointer)
            throw ProjectionError(kind: .invalidCRS, message: context.errorText(code: code), code: code,
                                  source: source.definition, target: target.definition)
        }
        defer { proj_destroy(operation) }
        guard let normalized = proj_normalize_for_visualization(context.pointer, operation) else {
            let code = proj_context_errno(context.pointer)
            throw ProjectionError(kind: .invalidCRS, message: context.errorText(code: code), code: code,
                                  source: source.definition, target: target.definition)
        }
        pj = normalized
    }

    deinit { proj_destroy(pj) }

    /// One point.
    public func transform(_ point: Coordinate, direction: Direction = .forward) throws(ProjectionError) -> Coordinate {
        guard point.x.isFinite, point.y.isFinite else { throw notFinite(index: 0, point: point, direction: direction) }
        context.clearLog()
        proj_errno_reset(pj)
        let out = proj_trans(pj, direction.proj, proj_coord(point.x, point.y, 0, 0)).xy
        guard out.x.isFinite, out.y.isFinite else {
            throw failure(index: 0, point: point, failedCount: 1, direction: direction)
        }
        return Coordinate(out.x, out.y)
    }

    /// Every point of `points`, in place, in one `proj_trans_generic` call.
    ///
    /// On failure the error names the first point that failed and how many did; the others are transformed, and
    /// failed ones are left infinite.
    public func transform(_ points: inout [Coordinate], direction: Direction = .forward) throws(ProjectionError) {
        try points.withUnsafeMutableBufferPointer { (buffer) throws(ProjectionError) in
            try transform(buffer, direction: direction)
        }
    }

    /// Every point of `buffer`, in place (for coordinates inside a larger buffer, such as a geometry's rings).
    public func transform(_ buffer: UnsafeMutableBufferPointer<Coordinate>, direction: Direction = .forward) throws(ProjectionError) {
        guard !buffer.isEmpty else { return }
        if let bad = buffer.firstIndex(where: { !$0.x.isFinite || !$0.y.isFinite }) {
            throw notFinite(index: bad, point: buffer[bad], direction: direction)
        }
        context.clearLog()
        proj_errno_reset(pj)
        let stride = MemoryLayout<Coordinate>.stride
        buffer.withMemoryRebound(to: Double.self) { doubles in
            // x and y interleave: x at even doubles, y one double after it, both a Coordinate apart.
            let x = doubles.baseAddress!
            _ = proj_trans_generic(pj, direction.proj, x, stride, buffer.count, x + 1, stride, buffer.count,
                                   nil, 0, 0, nil, 0, 0)
        }
        var first: Int?
        var failed = 0
        for i in buffer.indices where !buffer[i].x.isFinite || !buffer[i].y.isFinite {
            if first == nil { first = i }
            failed += 1
        }
        if let first { throw failure(index: first, point: nil, failedCount: failed, direction: direction) }
    }

    private func failure(index: Int, point: Coordinate?, failedCount: Int, direction: Direction) -> ProjectionError {
        let code = proj_errno(pj)
        let (from, to) = endpoints(direction)
        return ProjectionError(kind: .pointFailed, message: context.errorText(code: code), code: code,
                               source: from, target: to, pointIndex: index, point: point, failedCount: failedCount)
    }

    private func notFinite(index: Int, point: Coordinate, direction: Direction) -> ProjectionError {
        let (from, to) = endpoints(direction)
        return ProjectionError(kind: .pointFailed, message: "coordinate is not a finite number", source: from, target: to,
                               pointIndex: index, point: point, failedCount: 1)
    }

    private func endpoints(_ direction: Direction) -> (String, String) {
        direction == .forward ? (source.definition, target.definition) : (target.definition, source.definition)
    }
}

@available(*, unavailable)
extension Transformer: Sendable {}
