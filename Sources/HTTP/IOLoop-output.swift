import Monotonic
import CLinux
import MemoryFile

/// Writing responses, keeping each connection's epoll interest current, and closing.
extension IOLoop {
    /// Queues `bytes`; with `file`, a copy of exactly those bytes, they go out from the file (sendfile).
    func enqueue(_ bytes: [UInt8], on c: Connection, posted: Bool, file: FileBytes? = nil) {
        guard !bytes.isEmpty else { return }
        if c.output.isEmpty { c.lastWrite = MonotonicClock.nanoseconds() }
        c.output.append((bytes, posted, file))
        c.outputBytes += bytes.count
        // Posted bytes were counted when the worker posted them.
        if !posted { metrics.responseBytes.add(bytes.count) }
    }

    /// Writes as much output as the socket takes, up to `Self.segmentsPerSend` segments a call.
    func flush(_ c: Connection) {
        while !c.output.isEmpty {
            let result: IOResult<Int>
            do {
                if let file = c.output[0].file {
                    result = try System.sendfile(c.fd, file, offset: c.outputOffset)
                } else {
                    // The segments up to the next one sent from a file; MSG_MORE holds a head back for its body.
                    let run = c.output.prefix(Self.segmentsPerSend).prefix { $0.file == nil }
                    let more = run.count < c.output.count && c.output[run.count].file != nil
                    result = try System.send(c.fd, run.map(\.bytes)[...], offset: c.outputOffset, more: more)
                }
            } catch {
                close(c)
                return
            }
            guard case .done(var n) = result else { break }
            c.lastWrite = MonotonicClock.nanoseconds()
            c.outputBytes -= n
            while n > 0, let first = c.output.first {
                let taken = min(n, first.bytes.count - c.outputOffset)
                n -= taken
                c.outputOffset += taken
                guard c.outputOffset == first.bytes.count else { break }
                // Released only with the whole segment: a 4.5 MB answer partly sent still holds 4.5 MB.
                metrics.responseBytes.release(first.bytes.count)
                if first.posted { c.handle.unsent.subtract(first.bytes.count, ordering: .relaxed) }
                c.output.removeFirst()
                c.outputOffset = 0
            }
        }
        if !c.inFlight && !c.pending.isEmpty && c.outputBytes < Self.outputHighWater { dispatch(c) }
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
        release(c, c.reservedBytes)
        metrics.responseBytes.release(c.output.reduce(0) { $0 + $1.bytes.count })
        c.events?.stream.connectionClosed()
    }
}
