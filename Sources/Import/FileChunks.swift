import Glibc

/// A file read front to back in fixed-size chunks through read(2), so files of any size stream through
/// bounded memory.
public final class FileChunks {
    public static let defaultChunkSize = 1 << 20

    public let path: String
    public let size: Int
    public private(set) var bytesRead = 0
    private let fd: Int32
    private let chunkSize: Int

    public init(path: String, chunkSize: Int = FileChunks.defaultChunkSize) throws {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ImportError("cannot open \(path): \(String(cString: strerror(errno)))") }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw ImportError("\(path) is not a regular file")
        }
        self.path = path
        size = Int(st.st_size)
        self.chunkSize = chunkSize
    }

    deinit { close(fd) }

    /// The next chunk, or nil at the end of the file. Retries reads interrupted by a signal.
    public func next() throws -> [UInt8]? {
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ImportError("cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if n == 0 { return nil }
            chunk.removeSubrange(n...)
            bytesRead += n
            return chunk
        }
    }
}
