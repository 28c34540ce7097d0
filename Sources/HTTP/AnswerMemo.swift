/// What makes an answer from memory fit to be given again as it is (`Response.reuse`): whether what it was made
/// from still holds, and what to count when it is given again. Set by an `immediate` hook on answers that are
/// the same for every caller, such as a cached tile for anonymous readers.
public struct Reuse: Sendable {
    /// Whether the answer is still what the hook would give (the tile cache has not been invalidated since).
    public let isCurrent: @Sendable () -> Bool
    /// Called for each time the answer is given again (the tile cache counts a hit).
    public let reused: @Sendable () -> Void

    public init(isCurrent: @escaping @Sendable () -> Bool, reused: @escaping @Sendable () -> Void) {
        self.isCurrent = isCurrent
        self.reused = reused
    }
}

/// One I/O loop's answers from memory to give again, whole, to the same plain request of the same kind
/// (`PlainRequest`) within the same second, while their `Reuse` holds: the
/// hook, the route's match, the tile's key and look-up and the answer's head are then skipped, about half of a
/// cached tile's user time. Each loop has its own (no lock). Emptied every second, since a head names its second
/// (Date), and when full; only targets up to `longestTarget` bytes are kept.
final class AnswerMemo {
    struct Kept {
        let answer: BytesAnswer
        let route: String
        let reuse: Reuse
    }

    private struct Key: Hashable {
        let target: String
        let kind: UInt8
    }

    static let longestTarget = 256
    let capacity: Int
    private var table: [Key: Kept] = [:]
    private var second = -1

    init(capacity: Int = 1024) {
        self.capacity = capacity
    }

    /// The answer kept for `target` and the request's kind in the request's second, if it still holds.
    func get(_ target: String, _ plain: PlainRequest) -> Kept? {
        guard plain.second == second else {
            if !table.isEmpty { table.removeAll(keepingCapacity: true) }
            second = plain.second
            return nil
        }
        let key = Key(target: target, kind: plain.kind)
        guard let kept = table[key] else { return nil }
        guard kept.reuse.isCurrent() else {
            table[key] = nil
            return nil
        }
        return kept
    }

    func put(_ target: String, _ plain: PlainRequest, _ kept: Kept) {
        guard plain.second == second, target.utf8.count <= Self.longestTarget else { return }
        if table.count >= capacity { table.removeAll(keepingCapacity: true) }
        table[Key(target: target, kind: plain.kind)] = kept
    }
}
