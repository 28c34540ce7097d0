/// The request line and header section.
extension RequestParser {
    enum Framing {
        case none
        case length(Int)
        case chunked

        var declaredLength: Int {
            if case .length(let n) = self { return n }
            return 0
        }

        var hasBody: Bool {
            if case .none = self { return false }
            return true
        }
    }

    /// Parses the head once it has all arrived; nil while it has not.
    mutating func parseHead(_ input: inout InputBuffer) throws(HTTPError) -> (request: Request, framing: Framing)? {
        // RFC 9112 §2.2: ignore empty lines before a request line (some clients send CRLF after a body).
        while input.readable >= 2 && input[0] == ASCII.cr && input[1] == ASCII.lf {
            input.consume(2)
            scanned = max(0, scanned - 2)
        }
        let arrived = scanned
        guard let end = findEndOfHead(input) else {
            try rejectIncompleteHead(input, newFrom: arrived)
            return nil
        }
        scanned = 0
        guard end + 4 <= limits.maxHeaderBytes else {
            throw HTTPError(.headerFieldsTooLarge, "the request head is larger than \(limits.maxHeaderBytes) bytes")
        }
        let lineEnd = input.findCRLF(from: 0) ?? end
        let line = input.slice(0, lineEnd)
        let (method, target, minor) = try Self.parseRequestLine(line, limits: limits)
        var headers = HTTPHeaders()
        var start = lineEnd + 2
        while start < end + 2 {
            let stop = input.findCRLF(from: start) ?? end
            let field = try Self.parseField(input.slice(start, stop - start))
            headers.add(field.name, field.value)
            guard headers.count <= limits.maxHeaderCount else {
                throw HTTPError(.headerFieldsTooLarge, "more than \(limits.maxHeaderCount) header fields")
            }
            start = stop + 2
        }
        input.consume(end + 4)
        let request = try Request(method: method, target: target, headers: headers, minorVersion: minor)
        let framing = try Self.framing(headers, minorVersion: minor, limits: limits)
        if minor >= 1 && headers.count(of: "Host") != 1 {
            throw HTTPError(.badRequest, "an HTTP/1.1 request needs exactly one Host header")
        }
        if let expect = headers["Expect"] {
            guard HTTPHeaders.equal(expect, "100-continue") else { throw HTTPError(.expectationFailed, "only Expect: 100-continue is supported") }
            wantsContinue = framing.hasBody
        }
        return (request, framing)
    }

    /// The offset of the CR of the CRLFCRLF that ends the head.
    private mutating func findEndOfHead(_ input: InputBuffer) -> Int? {
        var i = max(0, scanned - 3)
        let n = input.readable
        while i + 3 < n {
            if input[i + 3] != ASCII.lf {
                i += input[i + 3] == ASCII.cr ? 1 : 4
                continue
            }
            if input[i] == ASCII.cr && input[i + 1] == ASCII.lf && input[i + 2] == ASCII.cr { return i }
            i += 1
        }
        scanned = n
        return nil
    }

    /// Refuses a head that is already too long, starts with something that cannot be a method, or holds a
    /// bare LF: a client ending its lines with LF alone would never send the CRLF CRLF that ends a head, and
    /// would wait for the header timeout to learn why. `newFrom` is where the bytes not yet checked start.
    private func rejectIncompleteHead(_ input: InputBuffer, newFrom: Int) throws(HTTPError) {
        let n = input.readable
        var i = 0
        while i < n && ASCII.isToken(input[i]) { i += 1 }
        if i < n && (input[i] != ASCII.space || i == 0) { throw HTTPError(.badRequest, "malformed request line") }
        for j in newFrom..<n where input[j] == ASCII.lf && (j == 0 || input[j - 1] != ASCII.cr) {
            throw HTTPError(.badRequest, "a line of the request head ends with a bare LF; HTTP/1.1 needs CRLF")
        }
        let lineComplete = input.findCRLF(from: 0) != nil
        if !lineComplete && n > limits.maxTargetBytes + 32 {
            throw HTTPError(.uriTooLong, "the request target is longer than \(limits.maxTargetBytes) bytes")
        }
        if n > limits.maxHeaderBytes {
            throw HTTPError(.headerFieldsTooLarge, "the request head is larger than \(limits.maxHeaderBytes) bytes")
        }
    }

    /// "METHOD SP target SP HTTP/1.x", with exactly one space between the parts.
    static func parseRequestLine(_ line: ArraySlice<UInt8>, limits: ParserLimits) throws(HTTPError) -> (HTTPMethod, String, Int) {
        guard let sp1 = line.firstIndex(of: ASCII.space), sp1 > line.startIndex,
              line[..<sp1].allSatisfy(ASCII.isToken) else { throw HTTPError(.badRequest, "malformed request line") }
        let rest = line[(sp1 + 1)...]
        guard let sp2 = rest.lastIndex(of: ASCII.space) else { throw HTTPError(.badRequest, "malformed request line") }
        let targetBytes = line[(sp1 + 1)..<sp2]
        guard targetBytes.count <= limits.maxTargetBytes else {
            throw HTTPError(.uriTooLong, "the request target is longer than \(limits.maxTargetBytes) bytes")
        }
        guard !targetBytes.isEmpty, targetBytes.allSatisfy(ASCII.isTarget) else {
            throw HTTPError(.badRequest, "malformed request line: the target is empty or holds spaces or control characters")
        }
        let minor = try parseVersion(line[(sp2 + 1)...])
        guard let method = HTTPMethod.known(line[..<sp1]) else {
            throw HTTPError(.notImplemented, "the method \(String(decoding: line[..<sp1], as: UTF8.self)) is not supported")
        }
        return (method, String(decoding: targetBytes, as: UTF8.self), minor)
    }

    private static func parseVersion(_ v: ArraySlice<UInt8>) throws(HTTPError) -> Int {
        let b = Array(v)
        guard b.count == 8, b[0..<5].elementsEqual("HTTP/".utf8), b[6] == UInt8(ascii: "."),
              (48...57).contains(b[5]), (48...57).contains(b[7]) else {
            throw HTTPError(.badRequest, "malformed HTTP version")
        }
        guard b[5] == UInt8(ascii: "1") else {
            throw HTTPError(.versionNotSupported, "only HTTP/1.0 and HTTP/1.1 are supported")
        }
        return b[7] == UInt8(ascii: "0") ? 0 : 1
    }

    /// "name: value" with the value's surrounding whitespace removed.
    static func parseField(_ line: ArraySlice<UInt8>) throws(HTTPError) -> (name: String, value: String) {
        guard let first = line.first, first != ASCII.space, first != ASCII.tab else {
            throw HTTPError(.badRequest, "obsolete line folding or an empty header name")
        }
        guard let colon = line.firstIndex(of: ASCII.colon), colon > line.startIndex,
              line[..<colon].allSatisfy(ASCII.isToken) else {
            throw HTTPError(.badRequest, "malformed header field '\(String(decoding: line.prefix(64), as: UTF8.self))'")
        }
        var value = line[(colon + 1)...]
        while let f = value.first, f == ASCII.space || f == ASCII.tab { value.removeFirst() }
        while let l = value.last, l == ASCII.space || l == ASCII.tab { value.removeLast() }
        guard value.allSatisfy(ASCII.isFieldValue) else {
            throw HTTPError(.badRequest, "the header \(String(decoding: line[..<colon], as: UTF8.self)) holds control characters")
        }
        return (String(decoding: line[..<colon], as: UTF8.self), String(decoding: value, as: UTF8.self))
    }

    /// How the body is delimited (RFC 9112 §6.3), refusing the ambiguous combinations that enable smuggling.
    static func framing(_ headers: HTTPHeaders, minorVersion: Int, limits: ParserLimits) throws(HTTPError) -> Framing {
        let te = headers.values("Transfer-Encoding")
        let cl = headers.values("Content-Length")
        if !te.isEmpty {
            guard minorVersion >= 1 else { throw HTTPError(.badRequest, "Transfer-Encoding is not allowed in HTTP/1.0") }
            guard cl.isEmpty else { throw HTTPError(.badRequest, "a request must not carry both Content-Length and Transfer-Encoding") }
            let codings = te.flatMap { $0.split(separator: ",").map { $0.trimmingOWS() } }
            guard codings.count == 1, HTTPHeaders.equal(String(codings[0]), "chunked") else {
                throw HTTPError(.notImplemented, "only the chunked transfer coding is supported")
            }
            return .chunked
        }
        guard !cl.isEmpty else { return .none }
        var length: Int?
        for part in cl.flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false) }) {
            let digits = part.trimmingOWS()
            guard !digits.isEmpty, digits.utf8.allSatisfy({ (48...57).contains($0) }) else {
                throw HTTPError(.badRequest, "invalid Content-Length")
            }
            guard digits.utf8.count <= 18, let n = Int(digits) else {
                throw HTTPError(.payloadTooLarge, "the request body is larger than \(limits.maxBodyBytes) bytes")
            }
            guard length == nil || length == n else { throw HTTPError(.badRequest, "conflicting Content-Length values") }
            length = n
        }
        let n = length ?? 0
        guard n <= limits.maxBodyBytes else {
            throw HTTPError(.payloadTooLarge, "the request body is larger than \(limits.maxBodyBytes) bytes")
        }
        return n == 0 ? .none : .length(n)
    }
}
