import Synchronization

/// The response head last encoded for an answer every request of one kind gets alike (a cached tile's), kept
/// beside the body it goes with: the bytes, the second their Date names and the kind of request they answered
/// (a number the server makes of what changes the head, such as keep-alive). A server answering the same cached
/// tile thousands of times a second then encodes its head about once a second instead of every time.
public final class KeptHead: Sendable {
    private let slot = Mutex<(second: Int, kind: UInt8, bytes: [UInt8])>((-1, 0, []))

    public init() {}

    /// The head kept for `second` and `kind`, or nil.
    public func bytes(second: Int, kind: UInt8) -> [UInt8]? {
        slot.withLock { $0.second == second && $0.kind == kind ? $0.bytes : nil }
    }

    public func keep(_ bytes: [UInt8], second: Int, kind: UInt8) {
        slot.withLock { $0 = (second, kind, bytes) }
    }
}
