import Glibc

/// Where an export goes: a file (written to a temporary name and renamed into place when complete, so a failed
/// export never leaves a truncated file behind) or standard output.
public final class FileSink {
    private let fd: Int32
    private let path: String?
    private let temporary: String?
    public private(set) var bytesWritten = 0
    private var finished = false

    /// Standard output.
    public init() {
        fd = 1
        path = nil
        temporary = nil
    }

    public init(path: String) throws {
        let temp = path + ".part"
        fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ImportError("cannot write \(path): \(String(cString: strerror(errno)))") }
        self.path = path
        temporary = temp
    }

    deinit {
        guard let temporary else { return }
        close(fd)
        if !finished { unlink(temporary) }
    }

    public func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ImportError("cannot write \(path ?? "standard output"): \(String(cString: strerror(errno)))")
            }
            offset += n
        }
        bytesWritten += bytes.count
    }

    /// Makes the file durable and moves it to its name.
    public func finish() throws {
        guard let path, let temporary else { return }
        guard fsync(fd) == 0, rename(temporary, path) == 0 else {
            throw ImportError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        finished = true
    }
}
