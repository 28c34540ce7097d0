/// Bytes read from a connection and not yet consumed by the parser.
struct InputBuffer {
    private(set) var storage: [UInt8] = []
    private(set) var readIndex = 0

    var readable: Int { storage.count - readIndex }
    var isEmpty: Bool { readable == 0 }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        // Dropping consumed bytes before growing keeps a long-lived keep-alive connection's buffer small.
        if readIndex > 0 && (readIndex == storage.count || readIndex >= 4096) {
            storage.removeSubrange(0..<readIndex)
            readIndex = 0
        }
        storage.append(contentsOf: bytes)
    }

    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    mutating func consume(_ n: Int) {
        readIndex += n
        if readIndex == storage.count {
            storage.removeAll(keepingCapacity: storage.capacity <= 65536)
            readIndex = 0
        }
    }

    subscript(offset: Int) -> UInt8 { storage[readIndex + offset] }

    /// The readable bytes from `offset` for `count`.
    func slice(_ offset: Int, _ count: Int) -> ArraySlice<UInt8> {
        storage[(readIndex + offset)..<(readIndex + offset + count)]
    }

    /// The offset of the first CR LF at or after `from`, if any.
    func findCRLF(from: Int) -> Int? {
        var i = readIndex + from
        let end = storage.count - 1
        while i < end {
            if storage[i] == ASCII.cr && storage[i + 1] == ASCII.lf { return i - readIndex }
            i += 1
        }
        return nil
    }
}
