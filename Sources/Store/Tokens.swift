import Glibc

/// API tokens: a role and a name, stored only as the SHA-256 of the secret. The secret is shown once, when
/// the token is made.
public struct Token: Sendable, Equatable {
    public enum Role: String, Sendable, CaseIterable {
        case viewer, planner, responder, enterprise, editor, admin
    }

    public let id: Int64
    public let name: String
    public let role: Role
    public let createdAt: String
    public let revokedAt: String?
    /// The risk sources an enterprise token reports for (its writes may touch only their risks and
    /// reports); empty for the other roles.
    public var sources: [Int64] = []
    /// The areas (codes of the areas layer) an editor token is limited to: every feature it inserts, changes
    /// or deletes must lie inside them, before and after. Empty: anywhere (and for the other roles).
    public var areas: [String] = []

    /// What binds the token, as words for the audit and the CLI: " for risk sources 3,7", " limited to areas
    /// 320505", or "".
    public var scope: String {
        if !sources.isEmpty { return " for risk sources \(sources.map(String.init).joined(separator: ","))" }
        if !areas.isEmpty { return " limited to areas \(areas.joined(separator: ","))" }
        return ""
    }
}

extension Store {
    /// Makes a token and returns it with its secret (`rmk_` + 43 base64url characters from 32 random bytes).
    /// An enterprise token names the risk sources it reports for; other roles name none. An editor token may
    /// name the areas (area codes) it is limited to.
    public func createToken(name: String, role: Token.Role, sources: [Int64] = [], areas: [String] = [],
                            context: WriteContext) throws -> (token: Token, secret: String) {
        guard !name.isEmpty, name.count <= 100 else { throw StoreError.invalidFeature(layer: "tokens", problems: ["name must be 1–100 characters"]) }
        if role == .enterprise, sources.isEmpty {
            throw StoreError.invalidFeature(layer: "tokens", problems: ["an enterprise token needs the risk sources it reports for (--source FID)"])
        }
        if role != .enterprise, !sources.isEmpty {
            throw StoreError.invalidFeature(layer: "tokens", problems: ["only enterprise tokens are bound to risk sources"])
        }
        if role != .editor, !areas.isEmpty {
            throw StoreError.invalidFeature(layer: "tokens", problems: ["only editor tokens are limited to areas"])
        }
        let secret = "rmk_" + Self.base64url(try Self.randomBytes(32))
        let bound = Array(Set(sources)).sorted(), limited = Array(Set(areas)).sorted()
        let id = try write(context) { tx in
            try tx.connection.cached("INSERT INTO tokens (name, role, hash, created_at) VALUES (?, ?, ?, ?)")
                .run([.text(name), .text(role.rawValue), .text(SHA256.hex(Array(secret.utf8))), .text(context.time)])
            let id = tx.connection.lastInsertRowID
            for source in bound {
                guard try tx.connection.scalar("SELECT count(*) FROM risk_sources WHERE fid = ?", [.integer(source)]).intValue == 1 else {
                    throw StoreError.invalidFeature(layer: "tokens", problems: ["risk source \(source) does not exist"])
                }
                try tx.connection.cached("INSERT INTO token_sources (token_id, source_id) VALUES (?, ?)").run([.integer(id), .integer(source)])
            }
            for code in limited {
                guard try tx.connection.scalar("SELECT count(*) FROM areas WHERE code = ?", [.text(code)]).intValue ?? 0 > 0 else {
                    throw StoreError.invalidFeature(layer: "tokens", problems: ["no area has code \(code)"])
                }
                try tx.connection.cached("INSERT INTO token_areas (token_id, area_code) VALUES (?, ?)").run([.integer(id), .text(code)])
            }
            let scope = Token(id: id, name: name, role: role, createdAt: context.time, revokedAt: nil, sources: bound, areas: limited).scope
            try tx.connection.cached("INSERT INTO audit (at, actor, action, layer, feature_id, note) VALUES (?, ?, 'insert', 'tokens', ?, ?)")
                .run([.text(context.time), .text(context.actor), .integer(id), .text("token '\(name)' with role \(role.rawValue)\(scope)")])
            return id
        }
        tokenChanges.add(1, ordering: .releasing)
        return (Token(id: id, name: name, role: role, createdAt: context.time, revokedAt: nil, sources: bound, areas: limited), secret)
    }

    /// The live token whose secret this is, or nil.
    public func token(secret: String) throws -> Token? {
        let hash = SHA256.hex(Array(secret.utf8))
        return try read { r in try Self.tokens(r, where: "hash = ? AND revoked_at IS NULL", [.text(hash)]).first?.token }
    }

    public func tokens() throws -> [Token] {
        try read { r in try Self.tokens(r, where: "1", []).map(\.token) }
    }

    /// Live tokens by the SHA-256 hex of their secrets: what a server checks bearer tokens against without
    /// touching the database per request.
    public func liveTokensByHash() throws -> [String: Token] {
        try read { r in
            Dictionary(try Self.tokens(r, where: "revoked_at IS NULL", []).map { ($0.hash, $0.token) }, uniquingKeysWith: { a, _ in a })
        }
    }

    private static func tokens(_ r: Reader, where condition: String, _ values: [Value]) throws -> [(token: Token, hash: String)] {
        let s = try r.connection.cached("SELECT id, name, role, created_at, revoked_at, hash FROM tokens WHERE \(condition) ORDER BY id")
        try s.bind(values)
        var out: [(token: Token, hash: String)] = []
        while try s.step() {
            out.append((Token(id: s.int64(0), name: s.text(1) ?? "", role: Token.Role(rawValue: s.text(2) ?? "") ?? .viewer,
                              createdAt: s.text(3) ?? "", revokedAt: s.text(4)), s.text(5) ?? ""))
        }
        let bound = try r.connection.cached("SELECT source_id FROM token_sources WHERE token_id = ? ORDER BY source_id")
        for i in out.indices where out[i].token.role == .enterprise {
            bound.reset()
            try bound.bind(.integer(out[i].token.id), at: 1)
            while try bound.step() { out[i].token.sources.append(bound.int64(0)) }
        }
        let areas = try r.connection.cached("SELECT area_code FROM token_areas WHERE token_id = ? ORDER BY area_code")
        for i in out.indices where out[i].token.role == .editor {
            areas.reset()
            try areas.bind(.integer(out[i].token.id), at: 1)
            while try areas.step() { out[i].token.areas.append(areas.text(0) ?? "") }
        }
        return out
    }

    /// Revokes a token by id; returns false when there is no live token with that id.
    public func revokeToken(id: Int64, context: WriteContext) throws -> Bool {
        defer { tokenChanges.add(1, ordering: .releasing) }
        return try write(context) { tx in
            try tx.connection.cached("UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL").run([.text(context.time), .integer(id)])
            guard tx.connection.changes == 1 else { return false }
            try tx.connection.cached("INSERT INTO audit (at, actor, action, layer, feature_id, note) VALUES (?, ?, 'update', 'tokens', ?, 'revoked')")
                .run([.text(context.time), .text(context.actor), .integer(id)])
            return true
        }
    }

    static func randomBytes(_ n: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: n)
        let fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.conflict("cannot open /dev/urandom") }
        defer { close(fd) }
        let got = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, n) }
        guard got == n else { throw StoreError.conflict("the system random source failed") }
        return bytes
    }

    static func base64url(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let n = min(3, bytes.count - i)
            let v = (UInt32(bytes[i]) << 16) | (n > 1 ? UInt32(bytes[i + 1]) << 8 : 0) | (n > 2 ? UInt32(bytes[i + 2]) : 0)
            for j in 0...n { out.append(alphabet[Int((v >> (18 - 6 * UInt32(j))) & 63)]) }
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
