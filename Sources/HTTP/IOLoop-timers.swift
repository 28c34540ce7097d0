import Monotonic

/// Timeouts, heartbeats and graceful shutdown, checked on the loop's tick.
extension IOLoop {
    func sweep(now: UInt64) {
        let c = configuration
        for connection in Array(connections.values) {
            let elapsedWrite = now &- connection.lastWrite
            if !connection.output.isEmpty && elapsedWrite > c.writeTimeout.nanoseconds {
                close(connection)
            } else if let started = connection.headStarted, now &- started > c.headerTimeout.nanoseconds {
                timeOut(connection, "the request head did not arrive within \(c.headerTimeout)")
            } else if let started = connection.bodyStarted, now &- started > c.bodyTimeout.nanoseconds {
                timeOut(connection, "the request body did not arrive within \(c.bodyTimeout)")
            } else if connection.events != nil {
                if connection.outputBytes > c.maxEventBacklogBytes {
                    close(connection)
                } else if connection.output.isEmpty && elapsedWrite > c.eventHeartbeat.nanoseconds {
                    enqueue(connection.events!.framing.frame(Array(": heartbeat\n\n".utf8)), on: connection, posted: false)
                    flush(connection)
                }
            } else if connection.isIdle && now &- connection.lastActivity > c.idleTimeout.nanoseconds {
                close(connection)
            }
        }
    }

    /// A client too slow to send its request: tell it why when the connection is otherwise quiet, then close.
    /// One that has sent nothing at all (a browser's spare pre-connection, say) asked nothing, so it gets no answer.
    private func timeOut(_ c: Connection, _ detail: String) {
        c.headStarted = nil
        c.bodyStarted = nil
        c.reading = false
        c.closeWhenDone = true
        guard !c.inFlight && c.pending.isEmpty && c.output.isEmpty && c.parser.isMidRequest(c.input) else {
            close(c)
            return
        }
        let response = HTTPError(.requestTimeout, detail).response
        enqueue(ResponseEncoder.complete(response, keepAlive: false, serverName: configuration.serverName), on: c, posted: false)
        flush(c)
    }

    /// Stops accepting, closes idle connections and ends event streams; the rest close when their
    /// in-flight request is answered, or when the grace period ends.
    func beginDrain() {
        guard drainDeadline == nil else { return }
        drainDeadline = MonotonicClock.nanoseconds() + configuration.shutdownGracePeriod.nanoseconds
        System.epollRemove(epoll, listener)
        for c in Array(connections.values) {
            c.reading = false
            c.closeWhenDone = true
            if c.events != nil {
                endEventStream(c)
            } else if !c.inFlight && c.pending.isEmpty {
                // A partly read request has not been acknowledged; the client may retry it elsewhere.
                if c.output.isEmpty { close(c) } else { settle(c) }
            } else {
                settle(c)
            }
        }
    }

    /// Ends an open event stream with the last chunk so the client sees a clean end, then closes.
    func endEventStream(_ c: Connection) {
        guard let events = c.events else { return }
        events.stream.connectionClosed()
        c.events = nil
        c.inFlight = false
        c.closeWhenDone = true
        enqueue(events.framing.terminator, on: c, posted: false)
        flush(c)
    }
}
