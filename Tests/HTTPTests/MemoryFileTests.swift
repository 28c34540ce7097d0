import Glibc
import MemoryFile
import Testing

/// Copies in a memory file (what cached tiles are sent from with sendfile): each is what was stored, none
/// overlaps another, and a released copy gives its pages back.
@Suite struct MemoryFileTests {
    func read(_ copy: FileBytes) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: copy.count)
        let n = out.withUnsafeMutableBytes { pread(copy.fd, $0.baseAddress, copy.count, off_t(copy.offset)) }
        return n == copy.count ? out : []
    }

    func allocatedBytes(_ fd: Int32) -> Int {
        var s = stat()
        return fstat(fd, &s) == 0 ? Int(s.st_blocks) * 512 : -1
    }

    @Test func copiesHoldWhatWasStoredAndGiveTheirPagesBack() throws {
        let file = try #require(MemoryFile(name: "test"))
        #expect(file.store([]) == nil)
        let a = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let b = (0..<5).map { UInt8($0 + 1) }
        var first = Optional(try #require(file.store(a)))
        let second = try #require(file.store(b))
        let fd = second.fd
        #expect(read(first!) == a && read(second) == b)
        #expect(first!.offset % 4096 == 0 && second.offset % 4096 == 0)
        #expect(second.offset >= first!.offset + Int64(a.count), "the copies do not overlap")
        let held = allocatedBytes(fd)
        #expect(held >= a.count + b.count)
        first = nil
        #expect(allocatedBytes(fd) <= held - 16 * 4096, "the released copy's pages are freed")
        #expect(read(second) == b, "the other copy is untouched")
    }
}
