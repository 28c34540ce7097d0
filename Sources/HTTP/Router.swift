/// A request handler. It runs on a worker thread with that thread's own context (a database connection, …).
public typealias Handler<Context> = @Sendable (Request, inout Context) throws -> Response

/// Routes built once into an immutable trie of value types that refer to each other by index.
/// Patterns are made of literal segments, `{name}` segments and an optional trailing `*` that takes the rest.
/// Among routes that match a path, literal segments win over `{name}`, which wins over `*`.
public struct Router<Context>: Sendable {
    struct Node: Sendable {
        /// Literal children, sorted by segment.
        var literals: [(segment: String, node: Int)] = []
        var parameter: (name: String, node: Int)?
        /// Routes whose pattern ends in `*` here, by method.
        var wildcard: [HTTPMethod: Int] = [:]
        /// Routes whose pattern ends exactly here, by method.
        var routes: [HTTPMethod: Int] = [:]
    }

    public struct Route: Sendable {
        public let method: HTTPMethod
        /// The pattern as registered; metrics and logs use it as the route's name.
        public let pattern: String
        let handler: Handler<Context>
    }

    public enum Match {
        case found(Route, parameters: [String: String])
        /// The path exists but not for this method; `allow` lists the methods it has.
        case methodNotAllowed(allow: [HTTPMethod])
        case notFound
    }

    let nodes: [Node]
    let routes: [Route]

    public func match(_ method: HTTPMethod, path rawPath: Substring) -> Match {
        let segments = Self.segments(rawPath)
        // The common case first: the best route serving the method, found without listing every candidate.
        var found: [String: String] = [:]
        if let r = first(method, node: 0, segments, 0, &found) { return .found(routes[r], parameters: found) }
        // No route serves the method here: 405 if another method is served, else 404.
        var candidates: [(routes: [HTTPMethod: Int], parameters: [String: String])] = []
        var parameters: [String: String] = [:]
        collect(node: 0, segments, 0, &parameters, into: &candidates)
        guard !candidates.isEmpty else { return .notFound }
        return .methodNotAllowed(allow: Self.allowed(candidates.map(\.routes)))
    }

    /// The methods any route serves at `rawPath`, HEAD included wherever GET is; empty for an unknown path.
    public func allowedMethods(path rawPath: Substring) -> [HTTPMethod] {
        var candidates: [(routes: [HTTPMethod: Int], parameters: [String: String])] = []
        var parameters: [String: String] = [:]
        collect(node: 0, Self.segments(rawPath), 0, &parameters, into: &candidates)
        return Self.allowed(candidates.map(\.routes))
    }

    /// The route serving `method` (HEAD where GET is) of the first table `collect` would list that has one, with
    /// its parameters: the same depth-first order, stopping at the first hit.
    private func first(_ method: HTTPMethod, node index: Int, _ segments: [String], _ i: Int,
                       _ parameters: inout [String: String]) -> Int? {
        let node = nodes[index]
        func serving(_ routes: [HTTPMethod: Int]) -> Int? { routes[method] ?? (method == .head ? routes[.get] : nil) }
        if i == segments.count {
            if let r = serving(node.routes) { return r }
        } else {
            if let child = Self.literal(node.literals, segments[i]), let r = first(method, node: child, segments, i + 1, &parameters) {
                return r
            }
            if let p = node.parameter {
                let saved = parameters[p.name]
                parameters[p.name] = segments[i]
                if let r = first(method, node: p.node, segments, i + 1, &parameters) { return r }
                parameters[p.name] = saved
            }
        }
        if !node.wildcard.isEmpty && i < segments.count, let r = serving(node.wildcard) {
            parameters["*"] = segments[i...].joined(separator: "/")
            return r
        }
        return nil
    }

    /// Every route table that matches the path from `node` on, best first.
    private func collect(node index: Int, _ segments: [String], _ i: Int, _ parameters: inout [String: String],
                         into out: inout [(routes: [HTTPMethod: Int], parameters: [String: String])]) {
        let node = nodes[index]
        if i == segments.count {
            if !node.routes.isEmpty { out.append((node.routes, parameters)) }
        } else {
            if let child = Self.literal(node.literals, segments[i]) {
                collect(node: child, segments, i + 1, &parameters, into: &out)
            }
            if let p = node.parameter {
                let saved = parameters[p.name]
                parameters[p.name] = segments[i]
                collect(node: p.node, segments, i + 1, &parameters, into: &out)
                parameters[p.name] = saved
            }
        }
        if !node.wildcard.isEmpty && i < segments.count {
            var withRest = parameters
            withRest["*"] = segments[i...].joined(separator: "/")
            out.append((node.wildcard, withRest))
        }
    }

    private static func literal(_ literals: [(segment: String, node: Int)], _ segment: String) -> Int? {
        var lo = 0
        var hi = literals.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if literals[mid].segment < segment { lo = mid + 1 } else { hi = mid }
        }
        return lo < literals.count && literals[lo].segment == segment ? literals[lo].node : nil
    }

    private static func allowed(_ tables: [[HTTPMethod: Int]]) -> [HTTPMethod] {
        var methods = Set(tables.flatMap(\.keys))
        if methods.contains(.get) { methods.insert(.head) }
        return methods.sorted { $0.rawValue < $1.rawValue }
    }

    /// "/a/b%20c" → ["a", "b c"]; "/" → []. The parser has already checked the escapes.
    static func segments(_ rawPath: Substring) -> [String] {
        guard rawPath.utf8.count > 1 else { return [] }
        return rawPath.utf8.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map {
            TargetParser.percentDecode($0, plusIsSpace: false) ?? String(Substring($0))
        }
    }
}
