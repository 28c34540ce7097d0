import CLinux
import Glibc

/// Accepting, reading, parsing, dispatching and writing.
extension IOLoop {
    func acceptConnections() {
        let now = System.monotonicNanoseconds()
        if let until = acceptPausedUntil, now < until { return }
        acceptPausedUntil = nil
        // A bounded batch per wake-up keeps one busy listener from delaying the loop's connections.
        for _ in 0..<64 {
            let accepted: IOResult<(fd: Int32, remote: String)>
            do {
                accepted = try System.accept(listener)
            } catch {
                if error.errno == ECONNABORTED || error.errno == EPROTO { continue }
                // Out of descriptors (EMFILE, ENFILE) or memory: the listener stays readable, so stop
                // accepting for a tick instead of spinning.
                acceptPausedUntil = now + tick
                return
            }
            guard case .done(let (fd, remote)) = accepted else { return }
            guard drainDeadline == nil else {
                System.close(fd)
                continue
            }
            if metrics.openConnections.load(ordering: .relaxed) >= configuration.maxConnections {
                refuse(fd)
                continue
            }
            _ = try? System.setOption(fd, level: Int32(IPPROTO_TCP), name: RISKMAP_TCP_NODELAY, 1, call: "setsockopt(TCP_NODELAY)")
            let id = nextID
            nextID += 1
            do {
                try System.epollAdd(epoll, fd, events: RISKMAP_EPOLLIN, data: id)
            } catch {
                System.close(fd)
                continue
            }
            let handle = ConnectionHandle(id: id, inbox: inbox)
            connections[id] = Connection(id: id, fd: fd, remote: remote, handle: handle, limits: configuration.limits,
                                         interest: RISKMAP_EPOLLIN, now: now)
            metrics.openConnections.add(1, ordering: .relaxed)
        }
    }

    /// Over the connection limit: a best-effort 503 on the fresh socket, then close.
    private func refuse(_ fd: Int32) {
        var e = HTTPError(.serviceUnavailable, "the server has too many open connections")
        e.headers.set("Retry-After", String(configuration.retryAfterSeconds))
        let bytes = ResponseEncoder.complete(e.response, keepAlive: false, serverName: configuration.serverName)
        _ = bytes.withUnsafeBytes { try? System.send(fd, $0) }
        System.close(fd)
    }

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
    private func dispatch(_ c: Connection) {
        while !c.inFlight, !c.pending.isEmpty {
            switch c.pending.removeFirst() {
            case .error(let error):
                c.pending.removeAll()
                c.closeWhenDone = true
                answer(c, error, keepAlive: false, method: "-", path: "-", received: System.monotonicNanoseconds())
            case .request(let request, let received):
                c.inFlight = true
                guard !queue.offer(Job(request: request, handle: c.handle, received: received)) else { return }
                c.inFlight = false
                var e = HTTPError(.serviceUnavailable, "the server is busy; retry after \(configuration.retryAfterSeconds) s")
                e.headers.set("Retry-After", String(configuration.retryAfterSeconds))
                let keepAlive = request.keepAlive && !draining.isSet
                if !keepAlive { c.closeWhenDone = true }
                answer(c, e, keepAlive: keepAlive, method: request.method.rawValue, path: request.path, received: received)
            }
        }
    }

    /// Sends a problem the loop produced itself (parse errors, 503, 408) and records it.
    private func answer(_ c: Connection, _ error: HTTPError, keepAlive: Bool, method: String, path: String, received: UInt64) {
        let response = error.response
        enqueue(ResponseEncoder.complete(response, keepAlive: keepAlive, serverName: configuration.serverName), on: c, posted: false)
        flush(c)
        let seconds = Double(System.monotonicNanoseconds() &- received) / 1e9
        metrics.record(route: "unmatched", method: method, status: error.status.code, seconds: seconds)
        configuration.accessLog?(AccessLogEntry(method: method, path: path, route: "unmatched", status: error.status.code,
                                                bytes: response.bodyCount, durationSeconds: seconds, remoteAddress: c.remote,
                                                failure: nil))
    }

    func enqueue(_ bytes: [UInt8], on c: Connection, posted: Bool) {
        guard !bytes.isEmpty else { return }
        if c.output.isEmpty { c.lastWrite = System.monotonicNanoseconds() }
        c.output.append((bytes, posted))
        c.outputBytes += bytes.count
    }

    /// Writes as much output as the socket takes.
    func flush(_ c: Connection) {
        while let first = c.output.first {
            let result: IOResult<Int>
            do {
                result = try first.bytes.withUnsafeBytes { all throws(SystemError) in
                    try System.send(c.fd, UnsafeRawBufferPointer(rebasing: all[c.outputOffset...]))
                }
            } catch {
                close(c)
                return
            }
            guard case .done(let n) = result else { break }
            c.lastWrite = System.monotonicNanoseconds()
            c.outputOffset += n
            c.outputBytes -= n
            if c.outputOffset == first.bytes.count {
                if first.posted { c.handle.unsent.subtract(first.bytes.count, ordering: .relaxed) }
                c.output.removeFirst()
                c.outputOffset = 0
            }
        }
        settle(c)
    }

    /// Closes a finished connection, or brings its epoll interest in line with what it is waiting for.
    func settle(_ c: Connection) {
        guard connections[c.id] != nil else { return }
        if c.isDone {
            close(c)
            return
        }
        let wantsRead = c.reading && !c.closeWhenDone && c.pending.count < Self.maxPending
        let interest = (wantsRead ? RISKMAP_EPOLLIN : 0) | (c.output.isEmpty ? 0 : RISKMAP_EPOLLOUT)
        guard interest != c.interest else { return }
        do {
            try System.epollModify(epoll, c.fd, events: interest, data: c.id)
            c.interest = interest
        } catch {
            close(c)
        }
    }

    func close(_ c: Connection) {
        guard connections.removeValue(forKey: c.id) != nil else { return }
        System.epollRemove(epoll, c.fd)
        System.close(c.fd)
        c.handle.closed.store(true, ordering: .releasing)
        metrics.openConnections.subtract(1, ordering: .relaxed)
        c.events?.connectionClosed()
    }
}

extension Response {
    var bodyCount: Int {
        if case .bytes(let b) = body { return b.count }
        return 0
    }
}
