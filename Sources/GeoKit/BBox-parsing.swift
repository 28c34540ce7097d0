/// Why a longitude/latitude box given as text was refused; the message names the text and what is wrong.
public struct BBoxParseError: Error, CustomStringConvertible, Sendable {
    public let message: String

    public var description: String { message }
}

extension BBox {
    /// A longitude/latitude box written `minLon,minLat,maxLon,maxLat` (OGC API's 6-number 3D box is taken in
    /// 2D): every part a finite number (a part that is not one is refused, never skipped), within −180…180 and
    /// −90…90, minimum not above maximum. The one parser behind `bbox=` and the CLI's `--bbox`.
    public init(lonLatText text: String) throws(BBoxParseError) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Double(Self.trimmed($0)) }
        guard parts.count == 4 || parts.count == 6, parts.allSatisfy({ $0?.isFinite == true }) else {
            throw BBoxParseError(message: "bbox must be four numbers minLon,minLat,maxLon,maxLat, not '\(text)'")
        }
        let v = parts.map { $0! }
        let b = parts.count == 4 ? BBox(minX: v[0], minY: v[1], maxX: v[2], maxY: v[3]) : BBox(minX: v[0], minY: v[1], maxX: v[3], maxY: v[4])
        guard b.minX >= -180, b.maxX <= 180, b.minY >= -90, b.maxY <= 90 else {
            throw BBoxParseError(message: "bbox \(text) is outside longitude −180…180 / latitude −90…90")
        }
        guard b.minX <= b.maxX, b.minY <= b.maxY else {
            throw BBoxParseError(message: "bbox \(text) has its minimum above its maximum (boxes across the antimeridian are not supported)")
        }
        self = b
    }

    private static func trimmed(_ part: Substring) -> Substring {
        var s = part
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}
