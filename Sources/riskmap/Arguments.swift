import GeoKit
import Store

/// A deliberately small argument parser: each command declares its options once, and both parsing and
/// `--help` come from that declaration.
struct OptionSpec: Sendable {
    let name: String
    /// The placeholder of the option's value (`PATH`); nil for a flag.
    let value: String?
    let help: String
    let defaultValue: String?

    init(_ name: String, value: String? = nil, default defaultValue: String? = nil, help: String) {
        self.name = name
        self.value = value
        self.help = help
        self.defaultValue = defaultValue
    }
}

/// The command line was wrong: printed with the usage, exit code 64 (EX_USAGE).
struct UsageError: Error, CustomStringConvertible {
    let description: String
}

/// Something failed while the command ran: printed as one line, exit code 1.
struct RuntimeError: Error, CustomStringConvertible {
    let description: String
}

struct ParsedArguments {
    private var values: [String: String] = [:]
    private var flags: Set<String> = []
    var positionals: [String] = []

    init(_ args: [String], options: [OptionSpec], maxPositionals: Int) throws {
        var i = 0
        for o in options { if let d = o.defaultValue { values[o.name] = d } }
        while i < args.count {
            let arg = args[i]
            if arg.hasPrefix("--") {
                let (name, inline) = arg.split(separator: "=", maxSplits: 1).map(String.init).splitPair
                guard let spec = options.first(where: { $0.name == name }) else {
                    throw UsageError(description: "unknown option \(name)")
                }
                if spec.value == nil {
                    guard inline == nil else { throw UsageError(description: "\(name) takes no value") }
                    flags.insert(name)
                } else if let inline {
                    values[name] = inline
                } else {
                    guard i + 1 < args.count else { throw UsageError(description: "\(name) needs a value (\(spec.value!))") }
                    i += 1
                    values[name] = args[i]
                }
            } else {
                guard positionals.count < maxPositionals else { throw UsageError(description: "unexpected argument '\(arg)'") }
                positionals.append(arg)
            }
            i += 1
        }
    }

    func value(_ name: String) -> String? { values[name] }
    func flag(_ name: String) -> Bool { flags.contains(name) }

    func int<T: FixedWidthInteger>(_ name: String, as: T.Type = Int.self) throws -> T? {
        guard let text = values[name] else { return nil }
        guard let v = T(text) else { throw UsageError(description: "\(name) must be a whole number, not '\(text)'") }
        return v
    }

    /// A longitude/latitude box option, by GeoKit's one bbox parser; a malformed box is a usage error.
    func bbox(_ name: String) throws -> BBox? {
        guard let text = values[name] else { return nil }
        do { return try BBox(lonLatText: text) } catch { throw UsageError(description: "\(name): \(error.message)") }
    }

    /// An instant option (RFC 3339), by Store's one instant parser; now when it is not given.
    func instant(_ name: String) throws -> Int64 {
        do { return try Timestamp.instant(values[name]) } catch { throw UsageError(description: "\(name): \(error)") }
    }
}

private extension Array where Element == String {
    var splitPair: (String, String?) { (self[0], count > 1 ? self[1] : nil) }
}
