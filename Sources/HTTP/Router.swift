/// A request handler. It runs on a worker thread with that thread's own context (a database connection, …).
public typealias Handler<Context> = @Sendable (Request, inout Context) throws -> Response

/// Routes built once into an immutable trie of value types that refer to each other by index.
/// Patterns are made of literal segments, `{name}` segments and an optional trailing `*` that takes the rest.
/// Among routes that match a path, literal segments win over `{name}`, which wins over `*`.
public struct Router<Context>: Sendable {
    struct Node: Sendable {
        /// Literal children.
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
        /// Its place in the order routes were added: callers keep per-route data in arrays by it.
        public let index: Int
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
    let recent = RecentMatches()

    public func match(_ method: HTTPMethod, path rawPath: Substring) -> Match {
        let path = method == .get && rawPath.utf8.count <= RecentMatches.longestPath ? String(rawPath) : nil
        if let path, let hit = recent.get(path) { return .found(routes[hit.route], parameters: hit.parameters) }
        let segments = Self.segments(rawPath)
        // The common case first: the best route serving the method, found without listing every candidate.
        var found = [String: String](minimumCapacity: 4)
        if let r = first(method, node: 0, segments, 0, &found) {
            if let path { recent.put(path, route: r, parameters: found) }
            return .found(routes[r], parameters: found)
        }
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
        // The node's parts are read in place: a copy of the node would retain each of its arrays and tables.
        func serving(_ routes: [HTTPMethod: Int]) -> Int? { routes[method] ?? (method == .head ? routes[.get] : nil) }
        if i == segments.count {
            if let r = serving(nodes[index].routes) { return r }
        } else {
            if let child = Self.literal(nodes[index].literals, segments[i]), let r = first(method, node: child, segments, i + 1, &parameters) {
                return r
            }
            if let p = nodes[index].parameter {
                let saved = parameters[p.name]
                parameters[p.name] = segments[i]
                if let r = first(method, node: p.node, segments, i + 1, &parameters) { return r }
                parameters[p.name] = saved
            }
        }
        if !nodes[index].wildcard.isEmpty && i < segments.count, let r = serving(nodes[index].wildcard) {
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

    /// A node has a few dozen literal children at most: a scan that compares lengths first beats a binary
    /// search's String ordering.
    private static func literal(_ literals: [(segment: String, node: Int)], _ segment: String) -> Int? {
        let count = segment.utf8.count
        for l in literals where l.segment.utf8.count == count && l.segment == segment { return l.node }
        return nil
    }

    private static func allowed(_ tables: [[HTTPMethod: Int]]) -> [HTTPMethod] {
        var methods = Set(tables.flatMap(\.keys))
        if methods.contains(.get) { methods.insert(.head) }
        return methods.sorted { $0.rawValue < $1.rawValue }
    }

    /// "/a/b%20c" → ["a", "b c"]; "/" → []. The parser has already checked the escapes.
    static func segments(_ rawPath: Substring) -> [String] {
        guard rawPath.utf8.count > 1 else { return [] }
        let bytes = rawPath.utf8.dropFirst()
        var segments: [String] = []
        segments.reserveCapacity(8)
        var start = bytes.startIndex
        func take(_ end: Substring.UTF8View.Index) {
            let segment = bytes[start..<end]
            segments.append(TargetParser.percentDecode(segment, plusIsSpace: false) ?? String(Substring(segment)))
        }
        for i in bytes.indices where bytes[i] == UInt8(ascii: "/") {
            take(i)
            start = bytes.index(after: i)
        }
        take(bytes.endIndex)
        return segments
    }
}
