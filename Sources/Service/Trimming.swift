/// In a file of its own, with no imports, so that scripts/fuzz/fuzz.sh items can compile it with
/// ItemsParameters.swift without the rest of the Service module.
extension StringProtocol {
    /// Without leading and trailing spaces (query values, header parts).
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
