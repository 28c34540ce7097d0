import CLinux
import MemoryFile
import Glibc

/// The result of a call on a non-blocking descriptor: it did something, or the kernel would have blocked.
enum IOResult<Value> {
    case done(Value)
    case wouldBlock
}

/// Every system call the server makes, in one place: EINTR is retried, EAGAIN becomes `.wouldBlock`,
/// other failures throw a `SystemError` naming the call.
enum System {
    @inline(__always)
    private static func call(_ name: String, _ body: () -> Int) throws(SystemError) -> IOResult<Int> {
        while true {
            let rc = body()
            if rc >= 0 { return .done(rc) }
            let e = Glibc.errno
            if e == EINTR { continue }
            if e == EAGAIN || e == EWOULDBLOCK { return .wouldBlock }
            throw SystemError(call: name, errno: e)
        }
    }

    /// For calls that never return EAGAIN on the descriptors the server gives them.
    @inline(__always)
    private static func blocking(_ name: String, _ body: () -> Int) throws(SystemError) -> Int {
        switch try call(name, body) {
        case .done(let n): return n
        case .wouldBlock: throw SystemError(call: name, errno: EAGAIN)
        }
    }

    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> IOResult<Int> {
        try call("read") { Glibc.read(fd, buffer.baseAddress, buffer.count) }
    }

    static func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(SystemError) -> IOResult<Int> {
        try call("send") { Glibc.send(fd, bytes.baseAddress, bytes.count, RISKMAP_MSG_NOSIGNAL) }
    }

    /// Sends `segments` in order in one call (sendmsg with an iovec each), the first from `offset`: a response
    /// head and its body go out together without being copied into one buffer.
    static func send(_ fd: Int32, _ segments: ArraySlice<[UInt8]>, offset: Int, more: Bool = false) throws(SystemError) -> IOResult<Int> {
        var vectors: [iovec] = []
        vectors.reserveCapacity(segments.count)
        let result = gather(segments, offset: offset, into: &vectors) { vectors in
            vectors.withUnsafeMutableBufferPointer { v in
                var message = msghdr()
                message.msg_iov = v.baseAddress
                message.msg_iovlen = v.count
                let flags = RISKMAP_MSG_NOSIGNAL | (more ? RISKMAP_MSG_MORE : 0)
                return Result { () throws(SystemError) in try call("sendmsg") { Glibc.sendmsg(fd, &message, flags) } }
            }
        }
        return try result.get()
    }

    /// Sends `file`'s bytes from `offset` on with sendfile: the kernel hands the socket the file's pages.
    static func sendfile(_ fd: Int32, _ file: FileBytes, offset: Int) throws(SystemError) -> IOResult<Int> {
        let result = try call("sendfile") { riskmap_sendfile(fd, file.fd, file.offset + Int64(offset), file.count - offset) }
        // Nothing sent from a file that holds the bytes would mean it lost them: never loop on it.
        if case .done(0) = result, offset < file.count { throw SystemError(call: "sendfile", errno: EIO) }
        return result
    }

    /// Calls `body` with an iovec for each segment, their storage pinned for the call.
    private static func gather<R>(_ segments: ArraySlice<[UInt8]>, offset: Int, into vectors: inout [iovec],
                                  _ body: (inout [iovec]) -> R) -> R {
        guard let first = segments.first else { return body(&vectors) }
        return first.withUnsafeBytes { raw in
            let part = UnsafeRawBufferPointer(rebasing: raw[offset...])
            vectors.append(iovec(iov_base: UnsafeMutableRawPointer(mutating: part.baseAddress), iov_len: part.count))
            return gather(segments.dropFirst(), offset: 0, into: &vectors, body)
        }
    }

    static func close(_ fd: Int32) {
        // Linux releases the descriptor even when close reports EINTR, so it must not be retried.
        _ = Glibc.close(fd)
    }

    static func accept(_ fd: Int32) throws(SystemError) -> IOResult<(fd: Int32, remote: String)> {
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        switch try call("accept4", { Int(riskmap_accept(fd, &address, &length)) }) {
        case .done(let client): return .done((Int32(client), SocketAddress.describe(address)))
        case .wouldBlock: return .wouldBlock
        }
    }

    /// A descriptor on /dev/null, kept in reserve and given back when accept4 runs out of descriptors.
    static func openSpare() throws(SystemError) -> Int32 {
        Int32(try blocking("open(/dev/null)") { Int(Glibc.open("/dev/null", O_RDONLY | O_CLOEXEC)) })
    }

    /// The soft limit on open descriptors (RLIMIT_NOFILE); nil when unlimited or unknown.
    static func descriptorLimit() -> Int? {
        var limit = rlimit()
        // RLIM_INFINITY is all ones; Swift cannot import the C macro's -1 as the unsigned rlim_t.
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else { return nil }
        return Int(clamping: limit.rlim_cur)
    }

    static func epollCreate() throws(SystemError) -> Int32 {
        Int32(try blocking("epoll_create1") { Int(riskmap_epoll_create()) })
    }

    static func epollAdd(_ epfd: Int32, _ fd: Int32, events: UInt32, data: UInt64) throws(SystemError) {
        _ = try blocking("epoll_ctl(ADD)") { Int(riskmap_epoll_add(epfd, fd, events, data)) }
    }

    static func epollModify(_ epfd: Int32, _ fd: Int32, events: UInt32, data: UInt64) throws(SystemError) {
        _ = try blocking("epoll_ctl(MOD)") { Int(riskmap_epoll_mod(epfd, fd, events, data)) }
    }

    static func epollRemove(_ epfd: Int32, _ fd: Int32) {
        // Closing the descriptor removes it too; a failure here leaves nothing to undo.
        _ = riskmap_epoll_del(epfd, fd)
    }

    static func epollWait(_ epfd: Int32, into events: UnsafeMutableBufferPointer<riskmap_epoll_event>, timeoutMilliseconds: Int32) throws(SystemError) -> Int {
        try blocking("epoll_wait") { Int(riskmap_epoll_wait(epfd, events.baseAddress, Int32(events.count), timeoutMilliseconds)) }
    }

    static func eventFD() throws(SystemError) -> Int32 {
        Int32(try blocking("eventfd") { Int(riskmap_eventfd()) })
    }

    /// Adds one to an eventfd's counter; a full counter already means "wake up", so EAGAIN is fine.
    static func signal(eventFD fd: Int32) {
        var one: UInt64 = 1
        _ = try? call("write(eventfd)") { Glibc.write(fd, &one, 8) }
    }

    /// Resets an eventfd's counter to zero.
    static func drain(eventFD fd: Int32) {
        var value: UInt64 = 0
        _ = try? call("read(eventfd)") { Glibc.read(fd, &value, 8) }
    }

    static func setOption(_ fd: Int32, level: Int32, name: Int32, _ value: Int32, call: String) throws(SystemError) {
        var v = value
        _ = try blocking(call) { Int(setsockopt(fd, level, name, &v, socklen_t(MemoryLayout<Int32>.size))) }
    }
}
