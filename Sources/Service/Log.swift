import Glibc

/// One line on stderr, written with a single write(2) so lines from different threads do not interleave.
func writeLog(_ line: String) {
    var bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
}
