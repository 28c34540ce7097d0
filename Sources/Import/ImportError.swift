/// Why an import could not run at all (as opposed to rows it rejected, which `ImportRejected` reports).
public struct ImportError: Error, CustomStringConvertible, Sendable {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
