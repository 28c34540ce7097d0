/// Collects routes, then builds the immutable `Router`.
public struct RouterBuilder<Context> {
    private var nodes = [Router<Context>.Node()]
    private var routes: [Router<Context>.Route] = []
    private var problems: [String] = []

    public init() {}

    /// Adds a route; a conflicting one is reported by `build()`.
    public mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping Handler<Context>) {
        guard pattern.hasPrefix("/") else {
            problems.append("pattern '\(pattern)' does not start with /")
            return
        }
        var node = 0
        let segments = Router<Context>.segments(Substring(pattern))
        for (i, segment) in segments.enumerated() {
            if segment == "*" {
                guard i == segments.count - 1 else {
                    problems.append("'*' is not the last segment of '\(pattern)'")
                    return
                }
                if let r = register(method, pattern, handler, taken: nodes[node].wildcard[method] != nil) {
                    nodes[node].wildcard[method] = r
                }
                return
            }
            if segment.hasPrefix("{") && segment.hasSuffix("}") && segment.count > 2 {
                let name = String(segment.dropFirst().dropLast())
                if let p = nodes[node].parameter {
                    if p.name != name { problems.append("'\(pattern)' names a segment {\(name)} where another route has {\(p.name)}") }
                    node = p.node
                } else {
                    nodes.append(.init())
                    nodes[node].parameter = (name, nodes.count - 1)
                    node = nodes.count - 1
                }
                continue
            }
            if let existing = nodes[node].literals.first(where: { $0.segment == segment }) {
                node = existing.node
            } else {
                nodes.append(.init())
                nodes[node].literals.append((segment, nodes.count - 1))
                node = nodes.count - 1
            }
        }
        if let r = register(method, pattern, handler, taken: nodes[node].routes[method] != nil) {
            nodes[node].routes[method] = r
        }
    }

    /// The new route's index, or nil (and a problem noted) when its place is `taken`.
    private mutating func register(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping Handler<Context>, taken: Bool) -> Int? {
        guard !taken else {
            problems.append("\(method) \(pattern) is registered twice")
            return nil
        }
        routes.append(.init(method: method, pattern: pattern, index: routes.count, handler: handler))
        return routes.count - 1
    }

    public mutating func get(_ pattern: String, _ handler: @escaping Handler<Context>) { add(.get, pattern, handler) }
    public mutating func post(_ pattern: String, _ handler: @escaping Handler<Context>) { add(.post, pattern, handler) }
    public mutating func put(_ pattern: String, _ handler: @escaping Handler<Context>) { add(.put, pattern, handler) }
    public mutating func patch(_ pattern: String, _ handler: @escaping Handler<Context>) { add(.patch, pattern, handler) }
    public mutating func delete(_ pattern: String, _ handler: @escaping Handler<Context>) { add(.delete, pattern, handler) }

    public func build() throws(RouterError) -> Router<Context> {
        guard problems.isEmpty else { throw RouterError(problems: problems) }
        return Router(nodes: nodes, routes: routes)
    }
}

/// Routes that cannot be built: duplicates, misplaced `*`, one position named two ways.
public struct RouterError: Error, CustomStringConvertible, Sendable {
    public let problems: [String]
    public var description: String { "invalid routes: " + problems.joined(separator: "; ") }
}
