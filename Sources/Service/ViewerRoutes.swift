import HTTP

/// The command-centre web viewer's static files.
struct ViewerRoutes: RouteCollection {
    let viewerFiles: ViewerFiles

    var endpoints: [Endpoint] {
        [
            Endpoint(method: .get, pattern: "/viewer/*",
                     summary: "The command-centre web viewer's files (HTML, scripts, styles, MapLibre GL JS); `/` shows it to browsers",
                     tag: "Viewer", responses: [200: "the file", 304: "unchanged", 404: "no such file, or a path outside the viewer folder"]) { [self] request, _, _ in
                try viewerFiles.response(request.parameters["*"] ?? "")
            },
        ]
    }

    /// Whether `/` should answer with the viewer: `?f=html`, or a client that lists text/html in Accept (a
    /// browser). OGC clients ask for JSON or send `*/*` and keep the JSON landing page; `?f=json` forces it.
    static func wantsHTML(_ request: Request) -> Bool {
        if let f = request.query["f"] { return f == "html" }
        guard let accept = request.headers["Accept"] else { return false }
        return accept.split(separator: ",").contains { item in
            let parts = item.split(separator: ";").map { $0.trimmingSpaces }
            guard parts.first?.lowercased() == "text/html" else { return false }
            let q = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return q > 0
        }
    }
}
