import Testing
@_spi(RawSQL) @testable import Store

@Suite struct TokenTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func sha256MatchesFIPSExamples(_ input: String, _ digest: String) {
        #expect(SHA256.hex(Array(input.utf8)) == digest)
    }

    @Test func sha256OfAMillionAs() {
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func tokensAreStoredHashedAndCanBeRevoked() throws {
        let db = try TestDatabase()
        let (token, secret) = try db.store.createToken(name: "district editor", role: .editor, context: editor)
        #expect(secret.hasPrefix("rmk_") && secret.count == 47)
        #expect(try db.store.token(secret: secret) == token)
        #expect(try db.store.token(secret: secret + "x") == nil)
        let stored = try db.store.read { try $0.connection.scalar("SELECT group_concat(hash) FROM tokens").textValue ?? "" }
        #expect(!stored.contains(secret) && stored == SHA256.hex(Array(secret.utf8)))
        #expect(try db.store.revokeToken(id: token.id, context: editor))
        #expect(try db.store.token(secret: secret) == nil)
        #expect(try !db.store.revokeToken(id: token.id, context: editor))
        #expect(try db.store.tokens().first?.revokedAt == editor.time)
        let audit = try db.store.read { try $0.connection.scalar("SELECT count(*) FROM audit WHERE layer = 'tokens'").intValue }
        #expect(audit == 2)
    }

    @Test func twoTokensNeverShareASecret() throws {
        let db = try TestDatabase()
        let secrets = try (0..<20).map { try db.store.createToken(name: "t\($0)", role: .viewer, context: editor).secret }
        #expect(Set(secrets).count == 20)
    }

    @Test func base64urlMatchesRFC4648() {
        #expect(Store.base64url(Array("foobar".utf8)) == "Zm9vYmFy")
        #expect(Store.base64url(Array("fooba".utf8)) == "Zm9vYmE")
        #expect(Store.base64url([0xFB, 0xFF]) == "-_8")
    }
}
