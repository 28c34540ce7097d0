/// Sending a finished response to the connection's I/O thread, in the shape its body asks for.
extension Responder {
    /// What sending a response came to.
    private struct Outcome {
        /// Body bytes sent, before framing.
        var sent = 0
        /// Whether the connection may serve another request once this response is out; nil while an event
        /// stream keeps the response open.
        var ending: Bool?
        var failure: String?
    }

    func deliver(_ response: Response, for request: Request, route: String, job: Job, failure: String?) {
        let keepAlive = request.keepAlive && !draining.isSet
        var status = response.status.code
        let outcome: Outcome
        switch response.body {
        case .bytes(let body):
            let answer = BytesAnswer(response, body: body, for: request, keepAlive: keepAlive, configuration: configuration)
            for segment in answer.segments { job.handle.post(segment) }
            status = answer.status
            outcome = Outcome(sent: answer.sent, ending: keepAlive)
        case .stream(let produce): outcome = sendStream(withCORS(response, request), produce, request, job, keepAlive: keepAlive)
        case .events(let stream): outcome = sendEvents(withCORS(response, request), stream, request, job, keepAlive: keepAlive)
        }
        // Logged before `finish` lets the I/O thread start this connection's next request, so a connection's
        // log lines stay in request order.
        finished(request, route: route, status: status, bytes: outcome.sent, since: job.received, actor: response.actor,
                 failure: failure ?? outcome.failure)
        if let ending = outcome.ending { job.handle.finish(keepAlive: ending) }
    }

    private func withCORS(_ response: Response, _ request: Request) -> Response {
        var r = response
        configuration.cors.apply(to: &r.headers, origin: request.headers["Origin"])
        return r
    }

    private func sendStream(_ response: Response, _ produce: (BodyWriter) throws -> Void, _ request: Request, _ job: Job,
                            keepAlive: Bool) -> Outcome {
        let framing = BodyFraming(minorVersion: request.minorVersion)
        var outcome = Outcome(ending: keepAlive && framing == .chunked)
        job.handle.post(ResponseEncoder.head(response.status, response.headers, length: .streamed(framing),
                                             keepAlive: outcome.ending ?? false, serverName: configuration.serverName))
        guard request.method != .head && response.status.allowsBody else { return outcome }
        let writer = BodyWriter(handle: job.handle, framing: framing, writeTimeout: configuration.writeTimeout)
        do {
            try produce(writer)
            if framing == .chunked { job.handle.post(framing.terminator) }
        } catch {
            // The head has gone out, so the status cannot change: closing without the last chunk tells the
            // client the body is incomplete.
            if !(error is ClientDisconnected) { outcome.failure = String(describing: error) }
            outcome.ending = false
        }
        outcome.sent = writer.bytesWritten
        return outcome
    }

    private func sendEvents(_ response: Response, _ stream: EventStream, _ request: Request, _ job: Job, keepAlive: Bool) -> Outcome {
        let framing = BodyFraming(minorVersion: request.minorVersion)
        let streamKeepAlive = keepAlive && framing == .chunked
        job.handle.post(ResponseEncoder.head(response.status, response.headers, length: .streamed(framing), keepAlive: streamKeepAlive,
                                             serverName: configuration.serverName))
        guard request.method != .head else { return Outcome(ending: streamKeepAlive) }
        job.handle.inbox.send(.attach(job.handle.id, stream, framing))
        stream.attach(job.handle, framing: framing, keepAlive: streamKeepAlive)
        return Outcome(ending: nil)
    }
}
