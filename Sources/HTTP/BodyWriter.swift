import Monotonic
import Glibc

/// Writes a streamed response body: as chunks, or raw for an HTTP/1.0 client. The producer runs on its worker thread; `write` waits while
/// too much is still unsent, so a slow client slows the producer instead of filling memory.
public final class BodyWriter {
    let handle: ConnectionHandle
    private let framing: BodyFraming
    private let highWater: Int
    private let writeTimeout: UInt64
    /// Body bytes written so far, before framing.
    public private(set) var bytesWritten = 0

    init(handle: ConnectionHandle, framing: BodyFraming, highWater: Int = 256 * 1024, writeTimeout: Duration) {
        self.handle = handle
        self.framing = framing
        self.highWater = highWater
        self.writeTimeout = writeTimeout.nanoseconds
    }

    public func write(_ bytes: [UInt8]) throws(ClientDisconnected) {
        guard !bytes.isEmpty else { return }
        let start = MonotonicClock.nanoseconds()
        // The I/O thread cannot wake a worker, so the worker polls; it only waits here when the client is slow.
        while handle.unsent.load(ordering: .relaxed) > highWater {
            if handle.closed.load(ordering: .acquiring) || MonotonicClock.nanoseconds() - start > writeTimeout {
                throw ClientDisconnected()
            }
            usleep(500)
        }
        guard handle.post(framing.frame(bytes)) else { throw ClientDisconnected() }
        bytesWritten += bytes.count
    }

    public func write(_ text: String) throws(ClientDisconnected) {
        try write(Array(text.utf8))
    }
}

/// The client closed the connection (or stopped reading) while a streamed body was being written.
public struct ClientDisconnected: Error, Sendable {}
