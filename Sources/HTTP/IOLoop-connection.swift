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
                stopReading(c, Connection.Refusal(error: error, route: "(unparsed)", method: "-", target: "-", received: now))
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
        var answeredHere = false
        defer { if answeredHere { flush(c) } }
        while !c.inFlight, !c.pending.isEmpty, c.outputBytes < Self.outputHighWater, connections[c.id] != nil {
            switch c.pending.removeFirst() {
            case .refusal(let r):
                c.pending.removeAll()
                c.closeWhenDone = true
                answer(c, r.error, route: r.route, keepAlive: false, method: r.method, target: r.target, received: r.received)
            case .request(var request, let received, let reserved):
                if answerFromMemory(c, &request, received: received, reserved: reserved) {
                    answeredHere = true
                    continue
                }
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
                answer(c, e, route: "(shed)", keepAlive: keepAlive, method: request.method.rawValue, target: request.target, received: received)
            }
        }
    }

    /// Answers on this thread what `configuration.immediate` finds in memory (a cached tile), so it never waits
    /// for a worker; false sends the request to the workers. Past the response budget large answers go to the
    /// workers too, which refuse them as they would any other.
    private func answerFromMemory(_ c: Connection, _ request: inout Request, received: UInt64, reserved: Int) -> Bool {
        guard let immediate = configuration.immediate else { return false }
        let keepAlive = request.keepAlive && !draining.isSet
        // A plain request may get the answer this loop gave the same request earlier in the second (`AnswerMemo`).
        let plain = PlainRequest(request, keepAlive: keepAlive)
        if let plain, let kept = answers.get(request.target, plain), fitsBudget(kept.answer.sent) {
            kept.reuse.reused()
            send(kept.answer, route: kept.route, actor: nil, on: c, request, keepAlive: keepAlive, received: received, reserved: reserved)
            return true
        }
        guard let (response, route) = immediate(&request), case .bytes(let body) = response.body, fitsBudget(body.count) else { return false }
        let answer = BytesAnswer(response, body: body, for: request, keepAlive: keepAlive, plain: plain, configuration: configuration)
        if let plain, let reuse = response.reuse, response.actor == nil {
            answers.put(request.target, plain, AnswerMemo.Kept(answer: answer, route: route, reuse: reuse))
        }
        send(answer, route: route, actor: response.actor, on: c, request, keepAlive: keepAlive, received: received, reserved: reserved)
        return true
    }

    /// Past the response budget, large answers go to the workers, which refuse them as they would any other.
    private func fitsBudget(_ bytes: Int) -> Bool {
        bytes <= Responder<Void>.largeAnswerBytes || metrics.responseBytes.value <= configuration.maxBufferedResponseBytes
    }

    /// Sends an answer made on this thread and records it.
    private func send(_ answer: BytesAnswer, route: String, actor: String?, on c: Connection, _ request: Request, keepAlive: Bool,
                      received: UInt64, reserved: Int) {
        release(c, reserved)
        c.lastActivity = MonotonicClock.nanoseconds()
        if !keepAlive {
            c.closeWhenDone = true
            c.reading = false
            c.pending.removeAll()
        }
        record(c, route: route, method: request.method.rawValue, target: request.target, status: answer.status, bytes: answer.sent,
               received: received, actor: actor)
        enqueue(answer.segments[0], on: c, posted: false)
        if answer.segments.count > 1 { enqueue(answer.segments[1], on: c, posted: false, file: answer.bodyFile) }
    }

    /// Sends a problem the loop produced itself (parse errors, refusals, load shedding) and records it under
    /// `route`, before sending as workers do, so a client that has its answer finds it counted.
    private func answer(_ c: Connection, _ error: HTTPError, route: String, keepAlive: Bool, method: String, target: String, received: UInt64) {
        let response = error.response
        record(c, route: route, method: method, target: target, status: error.status.code, bytes: response.bodyCount, received: received)
        enqueue(ResponseEncoder.complete(response, keepAlive: keepAlive, serverName: configuration.serverName), on: c, posted: false)
        flush(c)
    }

    /// Metrics and the access log for an answer the loop gives itself.
    private func record(_ c: Connection, route: String, method: String, target: String, status: Int, bytes: Int, received: UInt64,
                        actor: String? = nil) {
        let seconds = Double(MonotonicClock.nanoseconds() &- received) / 1e9
        metrics.record(route: route, method: method, status: status, seconds: seconds)
        configuration.accessLog?(AccessLogEntry(method: method, target: target, route: route, status: status, bytes: bytes,
                                                durationSeconds: seconds, remoteAddress: c.remote, actor: actor, failure: nil))
    }
}

extension Response {
    var bodyCount: Int {
        if case .bytes(let b) = body { return b.count }
        return 0
    }
}
