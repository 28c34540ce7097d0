/// A request method. An open set like `Errno`: the parser accepts the methods riskmap serves and answers
/// 501 for any other well-formed token.
public struct HTTPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let get = HTTPMethod(rawValue: "GET")
    public static let head = HTTPMethod(rawValue: "HEAD")
    public static let post = HTTPMethod(rawValue: "POST")
    public static let put = HTTPMethod(rawValue: "PUT")
    public static let patch = HTTPMethod(rawValue: "PATCH")
    public static let delete = HTTPMethod(rawValue: "DELETE")
    public static let options = HTTPMethod(rawValue: "OPTIONS")

    /// The methods the parser lets through, looked up by their bytes without building a String.
    static let supported: [HTTPMethod] = [.get, .head, .post, .put, .patch, .delete, .options]

    static func known(_ bytes: ArraySlice<UInt8>) -> HTTPMethod? {
        supported.first { $0.rawValue.utf8.elementsEqual(bytes) }
    }

    public var description: String { rawValue }
}
