import Glibc
import HTTP

/// One line on stderr, written with a single write(2) so lines from different threads do not interleave.
/// Callers build lines from request data (paths, addresses), so control characters are escaped: a line feed
/// in a decoded path must not start a forged line.
func writeLog(_ line: String) {
    var bytes = Array((LogText.escapingControlCharacters(line) + "\n").utf8)
    _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
}
