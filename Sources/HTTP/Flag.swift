import Synchronization

/// A boolean that threads share by reference and that only ever goes from false to true.
final class Flag: Sendable {
    private let value = Atomic<Bool>(false)

    init() {}

    var isSet: Bool { value.load(ordering: .acquiring) }

    /// Sets the flag; true if this call was the one that set it.
    @discardableResult
    func set() -> Bool { !value.exchange(true, ordering: .acquiringAndReleasing) }
}
