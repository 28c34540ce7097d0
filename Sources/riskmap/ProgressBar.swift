import Monotonic
import Glibc

/// A progress line on stderr with rate and ETA. On a terminal it redraws in place a few times a second;
/// elsewhere (CI logs, pipes) it prints one line per stage when the stage ends, so logs stay short.
final class ProgressBar {
    private let interactive = isatty(2) == 1
    private var stage = ""
    private var started = 0.0
    private var lastDraw = 0.0
    private var lastLine = ""

    func update(stage: String, done: Int, total: Int) {
        let now = MonotonicClock.seconds()
        if stage != self.stage {
            finishLine()
            self.stage = stage
            started = now
            lastDraw = 0
        }
        let finished = done >= total
        guard finished || now - lastDraw >= 0.2 else { return }
        lastDraw = now
        let elapsed = max(now - started, 1e-6)
        let rate = Double(done) / elapsed
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let width = 24
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let line = "\(stage.padding(14)) [\(bar)] \(done)/\(total) \(Int(rate))/s" + (finished ? " \(format(elapsed))" : " ETA \(format(eta))")
        if interactive {
            writeStderr("\r\u{1B}[2K" + line)
        }
        lastLine = line
    }

    /// Ends the current line (prints it, when not on a terminal).
    func finishLine() {
        guard !stage.isEmpty else { return }
        writeStderr(interactive ? "\n" : lastLine + "\n")
        stage = ""
    }

    private func format(_ seconds: Double) -> String {
        seconds < 60 ? "\(Int(seconds * 10) / 10).\(Int(seconds * 10) % 10)s" : "\(Int(seconds) / 60)m\(Int(seconds) % 60)s"
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}

/// Writes straight to file descriptor 2 (unbuffered, and safe from any thread).
func writeStderr(_ text: String) { writeFD(2, text) }

/// Writes straight to standard output, bypassing stdio's buffer (for lines a waiting script must see now).
func writeStdout(_ text: String) { writeFD(1, text) }

private func writeFD(_ fd: Int32, _ text: String) {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let n = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
        if n <= 0 { return }
        offset += n
    }
}
