/// Response heads and chunk framing as bytes (RFC 9112 §4, §7.1).
enum ResponseEncoder {
    enum Length {
        case fixed(Int)
        /// Unknown in advance: chunked, or ended by closing the connection (then `keepAlive` must be false).
        case streamed(BodyFraming)
    }

    /// Headers the encoder owns; a handler's values for them are dropped so framing cannot be contradicted.
    private static let framingHeaders = ["Content-Length", "Transfer-Encoding", "Connection"]

    static func head(_ status: HTTPStatus, _ headers: HTTPHeaders, length: Length, keepAlive: Bool, serverName: String?) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        out.append(contentsOf: "HTTP/1.1 ".utf8)
        appendOneLine(String(status.code), &out)
        out.append(ASCII.space)
        appendOneLine(status.reason, &out)
        out.append(contentsOf: [ASCII.cr, ASCII.lf])
        field("Date", HTTPDate.now(), &out)
        if let serverName { field("Server", serverName, &out) }
        for (name, value) in headers where !framingHeaders.contains(where: { HTTPHeaders.equal($0, name) }) {
            field(name, value, &out)
        }
        if status.allowsBody {
            switch length {
            case .fixed(let n): field("Content-Length", String(n), &out)
            case .streamed(.chunked): field("Transfer-Encoding", "chunked", &out)
            case .streamed(.closeDelimited): break
            }
        }
        if !keepAlive { field("Connection", "close", &out) }
        out.append(contentsOf: [ASCII.cr, ASCII.lf])
        return out
    }

    /// Appends "name: value\r\n"; CR and LF in either become spaces so a value cannot start a new header.
    private static func field(_ name: String, _ value: String, _ out: inout [UInt8]) {
        appendOneLine(name, &out)
        out.append(ASCII.colon)
        out.append(ASCII.space)
        appendOneLine(value, &out)
        out.append(ASCII.cr)
        out.append(ASCII.lf)
    }

    private static func appendOneLine(_ text: String, _ out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            let start = out.count
            out.append(contentsOf: bytes)
            guard bytes.contains(where: { $0 == ASCII.cr || $0 == ASCII.lf }) else { return }
            for i in start..<out.count where out[i] == ASCII.cr || out[i] == ASCII.lf { out[i] = ASCII.space }
        }
    }

    static func chunk(_ bytes: [UInt8]) -> [UInt8] {
        var out = Array(String(bytes.count, radix: 16).utf8)
        out.reserveCapacity(out.count + bytes.count + 4)
        out.append(contentsOf: [ASCII.cr, ASCII.lf])
        out.append(contentsOf: bytes)
        out.append(contentsOf: [ASCII.cr, ASCII.lf])
        return out
    }

    static let lastChunk = Array("0\r\n\r\n".utf8)
    static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// A complete response with a byte body, for answers the I/O thread gives itself (parse errors, 503).
    static func complete(_ response: Response, keepAlive: Bool, serverName: String?) -> [UInt8] {
        guard case .bytes(let body) = response.body else { return [] }
        var out = head(response.status, response.headers, length: .fixed(body.count), keepAlive: keepAlive, serverName: serverName)
        if response.status.allowsBody { out.append(contentsOf: body) }
        return out
    }
}
