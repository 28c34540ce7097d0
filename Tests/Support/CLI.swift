import Foundation

/// What a run of the `riskmap` binary printed and how it ended.
public struct CLIRun: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
}

/// Runs the built `riskmap` binary as a user would (shared by the CLI and import tests).
public enum CLI {
    /// The riskmap binary next to the test bundle (both live in .build/<config>/).
    public static let binary: URL = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("riskmap")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/riskmap")
    }()

    public static func run(_ args: [String], executable: URL = binary) throws -> CLIRun {
        let p = Process()
        p.executableURL = executable
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CLIRun(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// Runs a Python script of the tests (an independent checker: OWSLib, cap-tools, …) with `RISKMAP_PYTHON` or python3.
    public static func python(_ script: String, _ args: [String]) throws -> CLIRun {
        try run([ProcessInfo.processInfo.environment["RISKMAP_PYTHON"] ?? "python3", script] + args, executable: URL(fileURLWithPath: "/usr/bin/env"))
    }

    /// A new empty directory under the system's temporary directory.
    public static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("riskmap-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
