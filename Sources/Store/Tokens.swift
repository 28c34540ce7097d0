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
}

extension Store {
    /// Makes a token and returns it with its secret (`rmk_` + 43 base64url characters from 32 random bytes).
    public func createToken(name: String, role: Token.Role, context: WriteContext) throws -> (token: Token, secret: String) {
        guard !name.isEmpty, name.count <= 100 else { throw StoreError.invalidFeature(layer: "tokens", problems: ["name must be 1–100 characters"]) }
        let secret = "rmk_" + Self.base64url(try Self.randomBytes(32))
        let id = try write(context) { tx in
            try tx.connection.cached("INSERT INTO tokens (name, role, hash, created_at) VALUES (?, ?, ?, ?)")
                .run([.text(name), .text(role.rawValue), .text(SHA256.hex(Array(secret.utf8))), .text(context.time)])
            let id = tx.connection.lastInsertRowID
            try tx.connection.cached("INSERT INTO audit (at, actor, action, layer, feature_id, note) VALUES (?, ?, 'insert', 'tokens', ?, ?)")
                .run([.text(context.time), .text(context.actor), .integer(id), .text("token '\(name)' with role \(role.rawValue)")])
            return id
        }
        return (Token(id: id, name: name, role: role, createdAt: context.time, revokedAt: nil), secret)
    }

    /// The live token whose secret this is, or nil.
    public func token(secret: String) throws -> Token? {
        try read { r in
            let s = try r.connection.cached("SELECT id, name, role, created_at, revoked_at FROM tokens WHERE hash = ? AND revoked_at IS NULL")
            try s.bind(.text(SHA256.hex(Array(secret.utf8))), at: 1)
            return try s.step() ? Self.token(s) : nil
        }
    }

    public func tokens() throws -> [Token] {
        try read { r in
            let s = try r.connection.cached("SELECT id, name, role, created_at, revoked_at FROM tokens ORDER BY id")
            var out: [Token] = []
            while try s.step() { out.append(Self.token(s)) }
            return out
        }
    }

    /// Revokes a token by id; returns false when there is no live token with that id.
    public func revokeToken(id: Int64, context: WriteContext) throws -> Bool {
        try write(context) { tx in
            try tx.connection.cached("UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL").run([.text(context.time), .integer(id)])
            guard tx.connection.changes == 1 else { return false }
            try tx.connection.cached("INSERT INTO audit (at, actor, action, layer, feature_id, note) VALUES (?, ?, 'update', 'tokens', ?, 'revoked')")
                .run([.text(context.time), .text(context.actor), .integer(id)])
            return true
        }
    }

    private static func token(_ s: Statement) -> Token {
        Token(id: s.int64(0), name: s.text(1) ?? "", role: Token.Role(rawValue: s.text(2) ?? "") ?? .viewer,
              createdAt: s.text(3) ?? "", revokedAt: s.text(4))
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
