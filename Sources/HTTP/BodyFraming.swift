/// How a body of unknown length is delimited: chunked for HTTP/1.1 clients; for HTTP/1.0 clients, which do not
/// know chunked coding, by closing the connection (RFC 9112 §6.3).
enum BodyFraming: Sendable {
    case chunked
    case closeDelimited

    init(minorVersion: Int) {
        self = minorVersion >= 1 ? .chunked : .closeDelimited
    }

    func frame(_ bytes: [UInt8]) -> [UInt8] {
        switch self {
        case .chunked: ResponseEncoder.chunk(bytes)
        case .closeDelimited: bytes
        }
    }

    /// What ends the body; empty when closing the connection does.
    var terminator: [UInt8] {
        switch self {
        case .chunked: ResponseEncoder.lastChunk
        case .closeDelimited: []
        }
    }
}
