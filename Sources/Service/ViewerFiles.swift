import Foundation
import HTTP

/// The viewer's static files (tiles/viewer/): a request's path is resolved inside that folder and nowhere
/// else. Every check is on the decoded path, after the router has percent-decoded each segment once, so
/// `%2e%2e` arrives here as `..` and is refused like a literal one.
struct ViewerFiles: Sendable {
    /// The folder, as given in the config (relative paths are taken from the working directory).
    let root: String

    /// The media types served; anything else is not a viewer file.
    static let contentTypes = [
        "html": "text/html; charset=utf-8",
        "js": "text/javascript; charset=utf-8",
        "css": "text/css; charset=utf-8",
        "json": "application/json",
        "svg": "image/svg+xml",
        "png": "image/png",
    ]

    /// The real path of the file `relative` names, or a 404 that says why. A path is refused when it is
    /// absolute, has an empty, `.` or `..` segment or one starting with a dot (hidden files), holds a
    /// backslash, a NUL or a `%` (a second round of encoding), or leads — through a symbolic link — outside
    /// the folder.
    func resolve(_ relative: String) throws(HTTPError) -> (path: String, contentType: String) {
        let name = relative.isEmpty ? "index.html" : relative
        let segments = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !name.hasPrefix("/"), !name.contains("\\"), !name.contains("\0"), !name.contains("%"),
              segments.allSatisfy({ !$0.isEmpty && !$0.hasPrefix(".") }) else {
            throw HTTPError(.notFound, "no viewer file '\(relative)': paths stay inside the viewer folder")
        }
        let file = segments[segments.count - 1]
        guard let dot = file.lastIndex(of: "."), let type = Self.contentTypes[file[file.index(after: dot)...].lowercased()] else {
            throw HTTPError(.notFound, "no viewer file '\(relative)' (served: \(Self.contentTypes.keys.sorted().joined(separator: ", ")) files)")
        }
        guard let base = Self.realPath(root), let real = Self.realPath(root + "/" + name), real.hasPrefix(base + "/") else {
            throw HTTPError(.notFound, "no viewer file '\(relative)'")
        }
        var info = stat()
        guard stat(real, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw HTTPError(.notFound, "no viewer file '\(relative)'")
        }
        return (real, type)
    }

    /// The map library scripts/setup.sh puts in vendor/ (it is never committed): the viewer is a blank page
    /// without it.
    static let vendorFiles = ["vendor/maplibre-gl.js", "vendor/maplibre-gl.css"]

    /// The vendor files that are missing or empty.
    var missingVendorFiles: [String] {
        Self.vendorFiles.filter { name in
            var info = stat()
            return stat(root + "/" + name, &info) != 0 || info.st_size == 0
        }
    }

    /// The file as a response with a content ETag (If-None-Match gives 304); browsers revalidate, so a
    /// new viewer is seen at once after an upgrade.
    func response(_ relative: String) throws(HTTPError) -> Response {
        let (path, type) = try resolve(relative)
        guard let handle = FileHandle(forReadingAtPath: path), let data = try? handle.readToEnd() else {
            throw HTTPError(.notFound, "viewer file '\(relative)' cannot be read")
        }
        return Response(status: .ok, headers: ["Content-Type": type, "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"],
                        body: [UInt8](data)).withContentETag()
    }

    private static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }
}
