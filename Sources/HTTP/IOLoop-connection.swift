/// Reading, parsing and handing requests to workers, in order, one at a time per connection.
extension IOLoop {
    func read(_ c: Connection) {
        guard c.reading else { return }
        let result: IOResult<Int>
        do {
            result = try scratch.withUnsafeMutableBytes { buffer throws(SystemError) in try System.read(c.fd, into: buffer) }
        } catch {
            close(c)
            return
        }
        guard case .done(let n) = result else { return }
        c.lastActivity = System.monotonicNanoseconds()
        if n == 0 {
            // The client has sent all it will; answer what is complete, then close.
            c.reading = false
            c.closeWhenDone = true
            settle(c)
            return
        }
        scratch.withUnsafeBytes { c.input.append(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        parse(c)
        settle(c)
    }

    /// Parses what has arrived into pending requests and hands the next one to a worker.
    func parse(_ c: Connection) {
        let now = System.monotonicNanoseconds()
        while !c.closeWhenDone && c.pending.count < Self.maxPending {
            do {
                guard var request = try c.parser.next(&c.input) else { break }
                request.remoteAddress = c.remote
                c.pending.append(.request(request, received: now))
                c.headStarted = nil
                c.bodyStarted = nil
                c.continueSent = false
            } catch {
                c.pending.append(.error(error))
                c.reading = false
                break
            }
        }
        if c.parser.isMidRequest(c.input) {
            if case .head = c.parser.state {
                if c.headStarted == nil { c.headStarted = now }
            } else if c.bodyStarted == nil {
                c.bodyStarted = now
            }
        }
        dispatch(c)
        if c.parser.wantsContinue && !c.continueSent && !c.inFlight && c.pending.isEmpty {
            c.continueSent = true
            enqueue(ResponseEncoder.continueResponse, on: c, posted: false)
            flush(c)
        }
    }

    /// Starts the next pending request unless one is in flight; answers the ones the loop answers itself.
    func dispatch(_ c: Connection) {
        while !c.inFlight, !c.pending.isEmpty, c.outputBytes < Self.outputHighWater, connections[c.id] != nil {
            switch c.pending.removeFirst() {
            case .error(let error):
                c.pending.removeAll()
                c.closeWhenDone = true
                answer(c, error, route: "(unparsed)", keepAlive: false, method: "-", path: "-", received: System.monotonicNanoseconds())
            case .request(let request, let received):
                c.inFlight = true
                guard !queue.offer(Job(request: request, handle: c.handle, received: received)) else { return }
                c.inFlight = false
                var e = HTTPError(.serviceUnavailable, "the server is busy; retry after \(configuration.retryAfterSeconds) s")
                e.headers.set("Retry-After", String(configuration.retryAfterSeconds))
                let keepAlive = request.keepAlive && !draining.isSet
                if !keepAlive { c.closeWhenDone = true }
                answer(c, e, route: "(shed)", keepAlive: keepAlive, method: request.method.rawValue, path: request.path, received: received)
            }
        }
    }

    /// Sends a problem the loop produced itself (parse errors, load shedding) and records it under `route`.
    private func answer(_ c: Connection, _ error: HTTPError, route: String, keepAlive: Bool, method: String, path: String, received: UInt64) {
        let response = error.response
        enqueue(ResponseEncoder.complete(response, keepAlive: keepAlive, serverName: configuration.serverName), on: c, posted: false)
        flush(c)
        let seconds = Double(System.monotonicNanoseconds() &- received) / 1e9
        metrics.record(route: route, method: method, status: error.status.code, seconds: seconds)
        configuration.accessLog?(AccessLogEntry(method: method, path: path, route: route, status: error.status.code,
                                                bytes: response.bodyCount, durationSeconds: seconds, remoteAddress: c.remote,
                                                failure: nil))
    }
}

extension Response {
    var bodyCount: Int {
        if case .bytes(let b) = body { return b.count }
        return 0
    }
}
