import CLinux
import Glibc

/// Taking new connections from the shared listening socket.
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
            let handle = ConnectionHandle(id: id, inbox: inbox, responseBytes: metrics.responseBytes)
            connections[id] = Connection(id: id, fd: fd, remote: remote, handle: handle, limits: configuration.limits,
                                         interest: RISKMAP_EPOLLIN, now: now)
            metrics.openConnections.add(1, ordering: .relaxed)
        }
    }

    /// Over the connection limit: a best-effort 503 on the fresh socket, then close.
    private func refuse(_ fd: Int32) {
        let e = HTTPError.unavailable("the server has too many open connections", retryAfter: configuration.retryAfterSeconds)
        let bytes = ResponseEncoder.complete(e.response, keepAlive: false, serverName: configuration.serverName)
        _ = bytes.withUnsafeBytes { try? System.send(fd, $0) }
        System.close(fd)
    }
}
