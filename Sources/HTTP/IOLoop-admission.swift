/// Deciding, once a head has arrived and before any of its body is read, whether to read the body at all:
/// the admission hook, then the budget for request bodies shared by every connection.
extension IOLoop {
    /// Why the head is refused, or nil to read on.
    func admit(_ head: Request, on c: Connection, now: UInt64) -> Connection.Refusal? {
        if let error = configuration.admission?(head) {
            return Connection.Refusal(error: error, route: "(refused)", method: head.method.rawValue, target: head.target, received: now)
        }
        return reserve(c, upTo: c.parser.promisedBodyBytes) ? nil : overBudget(head, now: now)
    }

    /// Grows the reservation for the request being read to `bytes`; false when the budget has no room left.
    func reserve(_ c: Connection, upTo bytes: Int) -> Bool {
        let more = bytes - c.parsingReserved
        guard more > 0 else { return true }
        guard metrics.requestBytes.reserve(more, limit: configuration.maxBufferedRequestBytes) else { return false }
        c.parsingReserved += more
        c.reservedBytes += more
        return true
    }

    func release(_ c: Connection, _ bytes: Int) {
        metrics.requestBytes.release(bytes)
        c.reservedBytes -= bytes
    }

    func overBudget(_ request: Request, now: UInt64) -> Connection.Refusal {
        let error = HTTPError.unavailable("the server holds too many request bodies", retryAfter: configuration.retryAfterSeconds)
        return Connection.Refusal(error: error, route: "(shed)", method: request.method.rawValue, target: request.target, received: now)
    }
}
