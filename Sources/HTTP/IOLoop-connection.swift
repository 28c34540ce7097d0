import Monotonic

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
        c.lastActivity = MonotonicClock.nanoseconds()
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

    /// Parses what has arrived into pending requests and hands the next one to a worker. Each head is
    /// admitted (or refused) before any of its body is read.
    func parse(_ c: Connection) {
        let now = MonotonicClock.nanoseconds()
        while c.reading && !c.closeWhenDone && c.pending.count < Self.maxPending {
            let parsed: RequestParser.Parsed?
            do {
                parsed = try c.parser.next(&c.input)
            } catch {
                stopReading(c, Connection.Refusal(error: error, route: "(unparsed)", method: "-", path: "-", received: now))
                break
            }
            guard let parsed else { break }
            switch parsed {
            case .head(var head):
                head.remoteAddress = c.remote
                if let refusal = admit(head, on: c, now: now) { stopReading(c, refusal) }
            case .request(var request):
                request.remoteAddress = c.remote
                guard reserve(c, upTo: request.body.count) else {
                    stopReading(c, overBudget(request, now: now))
                    break
                }
                c.pending.append(.request(request, received: now, reserved: c.parsingReserved))
                c.parsingReserved = 0
                c.headStarted = nil
                c.bodyStarted = nil
                c.continueSent = false
            }
        }
        if c.reading && c.parser.isMidRequest(c.input) {
            if case .head = c.parser.state {
                if c.headStarted == nil { c.headStarted = now }
            } else {
                if c.bodyStarted == nil { c.bodyStarted = now }
                // A chunked body is counted as it grows.
                if !reserve(c, upTo: c.parser.promisedBodyBytes), let request = c.parser.request {
                    stopReading(c, overBudget(request, now: now))
                }
            }
        }
        dispatch(c)
        if c.reading && c.parser.wantsContinue && !c.continueSent && !c.inFlight && c.pending.isEmpty {
            c.continueSent = true
            enqueue(ResponseEncoder.continueResponse, on: c, posted: false)
            flush(c)
        }
    }

    /// Queues the loop's own answer and reads no more: what follows on the connection is never looked at.
    private func stopReading(_ c: Connection, _ refusal: Connection.Refusal) {
        c.pending.append(.refusal(refusal))
        c.reading = false
        c.input = InputBuffer()
        c.headStarted = nil
        c.bodyStarted = nil
    }

    /// Starts the next pending request unless one is in flight; answers the ones the loop answers itself.
    func dispatch(_ c: Connection) {
        while !c.inFlight, !c.pending.isEmpty, c.outputBytes < Self.outputHighWater, connections[c.id] != nil {
            switch c.pending.removeFirst() {
            case .refusal(let r):
                c.pending.removeAll()
                c.closeWhenDone = true
                answer(c, r.error, route: r.route, keepAlive: false, method: r.method, path: r.path, received: r.received)
            case .request(let request, let received, let reserved):
                // Past the response budget requests still go to the workers: small answers (/health, cached
                // tiles) are served, and only large ones are refused there (`Responder.handle`).
                c.inFlight = true
                c.inFlightReserved = reserved
                guard !queue.offer(Job(request: request, handle: c.handle, received: received)) else { return }
                c.inFlight = false
                c.inFlightReserved = 0
                release(c, reserved)
                let e = HTTPError.unavailable("the server is busy", retryAfter: configuration.retryAfterSeconds)
                let keepAlive = request.keepAlive && !draining.isSet
                if !keepAlive { c.closeWhenDone = true }
                answer(c, e, route: "(shed)", keepAlive: keepAlive, method: request.method.rawValue, path: request.path, received: received)
            }
        }
    }

    /// Sends a problem the loop produced itself (parse errors, refusals, load shedding) and records it under
    /// `route`, before sending as workers do, so a client that has its answer finds it counted.
    private func answer(_ c: Connection, _ error: HTTPError, route: String, keepAlive: Bool, method: String, path: String, received: UInt64) {
        let response = error.response
        let seconds = Double(MonotonicClock.nanoseconds() &- received) / 1e9
        metrics.record(route: route, method: method, status: error.status.code, seconds: seconds)
        configuration.accessLog?(AccessLogEntry(method: method, path: path, route: route, status: error.status.code,
                                                bytes: response.bodyCount, durationSeconds: seconds, remoteAddress: c.remote,
                                                failure: nil))
        enqueue(ResponseEncoder.complete(response, keepAlive: keepAlive, serverName: configuration.serverName), on: c, posted: false)
        flush(c)
    }
}

extension Response {
    var bodyCount: Int {
        if case .bytes(let b) = body { return b.count }
        return 0
    }
}
