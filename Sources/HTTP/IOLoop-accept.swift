import Monotonic
import CLinux
import Glibc
import Synchronization

/// Taking new connections from the shared listening socket, and what to do when descriptors run out.
extension IOLoop {
    /// How long accepting pauses when accept4 fails for want of descriptors or memory, so connections can close.
    static let acceptBackoff: UInt64 = 100_000_000
    /// Running out of descriptors is logged at most this often.
    static let descriptorReportInterval: UInt64 = 10_000_000_000

    /// Loops accept one at a time, process-wide: descriptors are the process's, and a loop handing its spare
    /// descriptor's slot to a waiting client (`refuseWithSpare`) must not see another loop's accept take it.
    private static let accepting = Mutex(())

    func acceptConnections() {
        Self.accepting.withLock { _ in acceptBatch() }
    }

    private func acceptBatch() {
        let now = MonotonicClock.nanoseconds()
        // A bounded batch per wake-up keeps one busy listener from delaying the loop's connections.
        for _ in 0..<64 {
            let accepted: IOResult<(fd: Int32, remote: String)>
            do {
                accepted = try System.accept(listener)
            } catch {
                if error.errno == ECONNABORTED || error.errno == EPROTO { continue }
                if error.errno == EMFILE || error.errno == ENFILE { refuseWithSpare(error, now: now) }
                // The listener stays readable, so the loop would spin on it: stop watching it for a while.
                pauseAccepting(until: now + Self.acceptBackoff)
                return
            }
            guard case .done(let (fd, remote)) = accepted else { return }
            guard drainDeadline == nil else {
                System.close(fd)
                continue
            }
            if metrics.openConnections.load(ordering: .relaxed) >= connectionCap {
                refuse(fd, "the server has too many open connections")
                continue
            }
            _ = try? System.setOption(fd, level: Int32(IPPROTO_TCP), name: RISKMAP_TCP_NODELAY, 1, call: "setsockopt(TCP_NODELAY)")
            metrics.openConnections.add(1, ordering: .relaxed)
            deal(fd, remote: remote, now: now)
        }
    }

    /// Gives an accepted connection to the loops in turn, this one included. The loop a new connection wakes takes
    /// the whole backlog in one batch, so without dealing a burst of clients (a benchmark's 64, a browser's six)
    /// all landed on one loop and the other cores' loops stood idle.
    private func deal(_ fd: Int32, remote: String, now: UInt64) {
        let target = (index + dealt) % peers.count
        dealt &+= 1
        if target == index {
            adopt(fd, remote: remote, now: now)
        } else {
            peers[target].send(.adopt(fd, remote: remote))
        }
    }

    /// Serves an accepted connection (counted as open already) from this loop.
    func adopt(_ fd: Int32, remote: String, now: UInt64) {
        let id = nextID
        nextID += 1
        do {
            try System.epollAdd(epoll, fd, events: RISKMAP_EPOLLIN, data: id)
        } catch {
            Self.drop(accepted: fd, metrics)
            return
        }
        let handle = ConnectionHandle(id: id, inbox: inbox, responseBytes: metrics.responseBytes)
        connections[id] = Connection(id: id, fd: fd, remote: remote, handle: handle, limits: configuration.limits,
                                     interest: RISKMAP_EPOLLIN, now: now)
    }

    /// Closes a connection accepted and counted but never served (its loop was draining, or had stopped).
    static func drop(accepted fd: Int32, _ metrics: Metrics) {
        System.close(fd)
        metrics.openConnections.subtract(1, ordering: .relaxed)
    }

    /// Out of descriptors, clients would wait in the listen queue unanswered. The spare descriptor frees one
    /// slot: each waiting client is accepted into it, told 503 and closed; then the spare is taken back.
    private func refuseWithSpare(_ error: SystemError, now: UInt64) {
        var refused = 0
        if let fd = spare {
            System.close(fd)
            spare = nil
            while refused < 64, case .done(let client)? = try? System.accept(listener) {
                refuse(client.fd, "the server has run out of file descriptors")
                refused += 1
            }
            spare = try? System.openSpare()
        }
        descriptorReport.refused += refused
        guard descriptorReport.at.map({ now &- $0 >= Self.descriptorReportInterval }) ?? true else { return }
        let limit = System.descriptorLimit().map { "the limit is \($0)" } ?? "no limit is set"
        configuration.errorLog?("http: out of file descriptors (\(error)); \(descriptorReport.refused) new connections answered 503 "
                                + "since the last report; \(limit): raise it (ulimit -n, LimitNOFILE=) or lower maxConnections")
        descriptorReport = (now, 0)
    }

    private func pauseAccepting(until: UInt64) {
        if acceptPausedUntil == nil { System.epollRemove(epoll, listener) }
        acceptPausedUntil = until
    }

    /// Watches the listener again after a pause, unless shutdown has stopped accepting for good.
    func resumeAccepting(now: UInt64) {
        acceptPausedUntil = nil
        guard drainDeadline == nil else { return }
        if spare == nil { spare = try? System.openSpare() }
        do {
            try watchListener()
        } catch {
            pauseAccepting(until: now + Self.acceptBackoff)
        }
    }

    /// A best-effort 503 on a fresh socket the server will not serve, then close.
    private func refuse(_ fd: Int32, _ reason: String) {
        let e = HTTPError.unavailable(reason, retryAfter: configuration.retryAfterSeconds)
        let bytes = ResponseEncoder.complete(e.response, keepAlive: false, serverName: configuration.serverName)
        _ = bytes.withUnsafeBytes { try? System.send(fd, $0) }
        System.close(fd)
    }
}
