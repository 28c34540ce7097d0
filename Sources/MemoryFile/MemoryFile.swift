import CLinux
import Glibc
import Synchronization

/// A file in memory (memfd) holding copies of byte arrays a server sends again and again (cached tiles), so
/// that a socket can be handed their pages with sendfile instead of having them copied in from user memory on
/// every send: the copy was a fifth of the CPU of answering a cached suzhou tile. Each copy is page-aligned
/// and written once at an offset never used again; its pages are freed (a hole punched) when the last holder
/// of its `FileBytes` lets go — the cache entry and any answer still being sent — so pages the kernel may still
/// be sending are never rewritten.
public final class MemoryFile: Sendable {
    let fd: Int32
    /// The next free offset; offsets only grow (the file is sparse: freed copies leave holes).
    private let end = Atomic<Int64>(0)
    static let page = Int64(sysconf(Int32(_SC_PAGESIZE)))

    /// Nil when the kernel gives no memory file (then callers send from memory).
    public init?(name: String) {
        let fd = riskmap_memfd(name)
        guard fd >= 0 else { return nil }
        self.fd = fd
    }

    deinit { Glibc.close(fd) }

    /// A copy of `bytes` in the file, or nil when it could not be written (no memory left for it).
    public func store(_ bytes: [UInt8]) -> FileBytes? {
        guard !bytes.isEmpty else { return nil }
        let span = (Int64(bytes.count) + Self.page - 1) / Self.page * Self.page
        let offset = end.wrappingAdd(span, ordering: .relaxed).oldValue
        let written = bytes.withUnsafeBytes { raw -> Bool in
            var done = 0
            while done < raw.count {
                let n = pwrite(fd, raw.baseAddress! + done, raw.count - done, off_t(offset) + off_t(done))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                done += n
            }
            return true
        }
        let copy = FileBytes(file: self, offset: offset, count: bytes.count, span: span)
        return written ? copy : nil
    }
}

/// One copy in a `MemoryFile`: where it lies and how long it is. Its pages are freed when it is released.
public final class FileBytes: Sendable {
    let file: MemoryFile
    public let offset: Int64
    public let count: Int
    let span: Int64

    init(file: MemoryFile, offset: Int64, count: Int, span: Int64) {
        self.file = file
        self.offset = offset
        self.count = count
        self.span = span
    }

    /// The file's descriptor, for sendfile.
    public var fd: Int32 { file.fd }

    deinit { _ = riskmap_punch_hole(file.fd, offset, span) }
}
