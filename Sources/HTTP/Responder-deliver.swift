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

    func deliver(_ original: Response, for request: Request, route: String, job: Job, failure: String?) {
        var response = original
        configuration.cors.apply(to: &response.headers, origin: request.headers["Origin"])
        let keepAlive = request.keepAlive && !draining.isSet
        var outcome: Outcome
        switch response.body {
        case .bytes(let body): outcome = sendBytes(&response, body, request, job, keepAlive: keepAlive)
        case .stream(let produce): outcome = sendStream(response, produce, request, job, keepAlive: keepAlive)
        case .events(let stream): outcome = sendEvents(response, stream, request, job, keepAlive: keepAlive)
        }
        // Logged before `finish` lets the I/O thread start this connection's next request, so a connection's
        // log lines stay in request order.
        finished(request, route: route, status: response.status.code, bytes: outcome.sent, since: job.received,
                 failure: failure ?? outcome.failure)
        if let ending = outcome.ending { job.handle.finish(keepAlive: ending) }
    }

    private func sendBytes(_ response: inout Response, _ body: [UInt8], _ request: Request, _ job: Job, keepAlive: Bool) -> Outcome {
        var bytes = body
        if let status = notModified(response, request) {
            response.status = status
            // A 304 carries the headers the 200 would have had, the gzip variant's tag included.
            if willCompress(response, bytes.count, request), let tag = response.headers["ETag"] {
                response.headers.add("Vary", "Accept-Encoding")
                response.headers.set("ETag", ETag.gzipVariant(tag))
            }
            bytes = []
        } else {
            compress(&response, &bytes, request)
        }
        var out = ResponseEncoder.head(response.status, response.headers, length: .fixed(bytes.count), keepAlive: keepAlive,
                                       serverName: configuration.serverName)
        var outcome = Outcome(ending: keepAlive)
        if request.method != .head && response.status.allowsBody {
            out.append(contentsOf: bytes)
            outcome.sent = bytes.count
        }
        job.handle.post(out)
        return outcome
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
