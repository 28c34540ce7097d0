/// What a request may hold before the parser refuses it.
public struct ParserLimits: Sendable {
    /// Request line plus header fields (and, separately, chunked trailers): 431 beyond this.
    public var maxHeaderBytes = 16 * 1024
    public var maxHeaderCount = 100
    /// The request target: 414 beyond this.
    public var maxTargetBytes = 8 * 1024
    /// The decoded body: 413 beyond this.
    public var maxBodyBytes = 8 * 1024 * 1024

    public init() {}
}
