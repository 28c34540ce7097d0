import Testing
@testable import HTTP

/// Drives the parser without sockets.
struct ParserTests {
    /// Parses `text` fed `step` bytes at a time; returns the requests and the error, if any.
    func parse(_ text: String, step: Int = .max, limits: ParserLimits = ParserLimits()) -> ([Request], HTTPError?) {
        parse(Array(text.utf8), step: step, limits: limits)
    }

    func parse(_ bytes: [UInt8], step: Int = .max, limits: ParserLimits = ParserLimits()) -> ([Request], HTTPError?) {
        var parser = RequestParser(limits: limits)
        var input = InputBuffer()
        var out: [Request] = []
        var i = 0
        while i < bytes.count {
            let end = min(bytes.count, i + step)
            input.append(Array(bytes[i..<end]))
            i = end
            do {
                while let parsed = try parser.next(&input) {
                    if case .request(let r) = parsed { out.append(r) }
                }
            } catch {
                return (out, error)
            }
        }
        return (out, nil)
    }

    @Test func simpleGetWithQueryAndHeaders() throws {
        let (requests, error) = parse("GET /tiles/a%20b/3?bbox=1,2,3,4&x=y+z&x=%C3%A9&flag HTTP/1.1\r\nHost: h\r\nX-Thing:  v  \r\n\r\n")
        #expect(error == nil)
        let r = try #require(requests.first)
        #expect(r.method == .get)
        #expect(r.path == "/tiles/a b/3")
        #expect(r.query.pairs.map(\.name) == ["bbox", "x", "x", "flag"])
        #expect(r.query["bbox"] == "1,2,3,4")
        #expect(r.query.all("x") == ["y z", "é"])
        #expect(r.query["flag"] == "")
        #expect(r.headers["x-thing"] == "v")
        #expect(r.headers["HOST"] == "h")
        #expect(r.keepAlive)
    }

    @Test func byteByByteGivesTheSameRequest() throws {
        let text = "POST /items HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"
        let (requests, error) = parse(text, step: 1)
        #expect(error == nil)
        #expect(requests.count == 1)
        #expect(requests.first?.text == "hello")
    }

    @Test func pipelinedRequestsInOneRead() {
        let one = "GET /a HTTP/1.1\r\nHost: h\r\n\r\n"
        let two = "POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nxyz"
        let three = "GET /c HTTP/1.0\r\n\r\n"
        let (requests, error) = parse(one + two + three)
        #expect(error == nil)
        #expect(requests.map(\.path) == ["/a", "/b", "/c"])
        #expect(requests[1].text == "xyz")
        #expect(requests[2].keepAlive == false)
    }

    @Test func chunkedBodyWithExtensionsAndTrailers() throws {
        let text = "POST /u HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=v\r\nhello\r\n7\r\n, world\r\n0\r\nChecksum: abc\r\n\r\n"
        for step in [1, 3, 1000] {
            let (requests, error) = parse(text, step: step)
            #expect(error == nil)
            let r = try #require(requests.first)
            #expect(r.text == "hello, world")
            #expect(r.trailers["checksum"] == "abc")
        }
    }

    @Test func leadingEmptyLinesAreIgnored() {
        let (requests, error) = parse("\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(error == nil)
        #expect(requests.count == 1)
    }

    @Test(arguments: [
        ("GET /\r\nHost: h\r\n\r\n", 400),
        ("GET  / HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("GET / HTTP/1.1 \r\nHost: h\r\n\r\n", 400),
        ("GET / HTTX/1.1\r\nHost: h\r\n\r\n", 400),
        ("G(T / HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("GET /a b HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("GET http://x/ HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("GET /%zz HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("GET /?q=%C3 HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost : h\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: h\r\nX: a\u{1}b\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1x\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
        ("BREW / HTTP/1.1\r\nHost: h\r\n\r\n", 501),
        ("GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505),
        ("POST / HTTP/1.1\r\nHost: h\r\nExpect: magic\r\n\r\n", 417),
    ])
    func malformedInputIsRefusedWithAStatus(text: String, status: Int) {
        let (requests, error) = parse(text)
        #expect(requests.isEmpty)
        #expect(error?.status.code == status, "\(text.debugDescription) → \(String(describing: error))")
    }

    @Test func limits() {
        var limits = ParserLimits()
        limits.maxHeaderBytes = 256
        limits.maxTargetBytes = 64
        limits.maxBodyBytes = 10
        limits.maxHeaderCount = 3
        let longTarget = "GET /" + String(repeating: "a", count: 100) + " HTTP/1.1\r\nHost: h\r\n\r\n"
        #expect(parse(longTarget, limits: limits).1?.status.code == 414)
        // The target alone, with no end of line yet, is refused as soon as it is too long.
        #expect(parse("GET /" + String(repeating: "a", count: 120), limits: limits).1?.status.code == 414)
        let bigHeader = "GET / HTTP/1.1\r\nHost: h\r\nX: " + String(repeating: "v", count: 300) + "\r\n\r\n"
        #expect(parse(bigHeader, limits: limits).1?.status.code == 431)
        #expect(parse("GET / HTTP/1.1\r\nHost: h\r\nX: " + String(repeating: "v", count: 300), limits: limits).1?.status.code == 431)
        let many = "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n"
        #expect(parse(many, limits: limits).1?.status.code == 431)
        #expect(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n", limits: limits).1?.status.code == 413)
        let chunks = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n"
        #expect(parse(chunks, limits: limits).1?.status.code == 413)
        #expect(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999\r\n\r\n").1?.status.code == 413)
    }

    @Test func expectContinueIsFlagged() throws {
        var parser = RequestParser(limits: ParserLimits())
        var input = InputBuffer()
        input.append(Array("PUT /x HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8))
        guard case .head(let head) = try parser.next(&input) else { Issue.record("no head"); return }
        #expect(head.path == "/x" && head.body.isEmpty)
        #expect(parser.promisedBodyBytes == 2)
        #expect(try parser.next(&input) == nil)
        #expect(parser.wantsContinue)
        input.append(Array("ok".utf8))
        guard case .request(let request) = try parser.next(&input) else { Issue.record("no request"); return }
        #expect(request.text == "ok")
        #expect(parser.wantsContinue == false)
    }

    @Test func connectionTokens() throws {
        let (r, _) = parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: Keep-Alive, CLOSE\r\n\r\nGET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(r.map(\.keepAlive) == [false, true])
    }
}

extension ParserTests {
    @Test func aLongChunkSizeLineIsRefusedHoweverItArrives() {
        let text = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1;" + String(repeating: "e", count: 2000)
            + "\r\nx\r\n0\r\n\r\n"
        for step in [.max, 1500, 7] {
            let (requests, error) = parse(text, step: step)
            #expect(requests.isEmpty)
            #expect(error?.status.code == 400, "step \(step)")
        }
    }

    /// An incomplete head with a bare LF is refused at once: it would otherwise wait for a CRLF CRLF that a
    /// client ending lines with LF never sends.
    @Test(arguments: ["GET / HTTP/1.1\nHost: h\n\n", "GET / HTTP/1.1\r\nHost: h\n", "\nGET / HTTP/1.1\r\n"])
    func aBareLineFeedInTheHeadIsRefusedAtOnce(text: String) {
        for step in [.max, 1] {
            let (requests, error) = parse(text, step: step)
            #expect(requests.isEmpty)
            #expect(error?.status.code == 400, "\(text.debugDescription) step \(step)")
        }
    }
}
