import Foundation

/// The repository's tiles/ folder, and copies of it for tests that change what a server finds there.
public enum ViewerTiles {
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("tiles").path

    /// A copy of tiles/ without viewer/vendor/, as a server looks before scripts/setup.sh has run; the caller
    /// removes it.
    public static func withoutVendor() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("riskmap-tiles-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/viewer", withIntermediateDirectories: true)
        for name in ["style.json", "viewer/index.html", "viewer/viewer.js", "viewer/viewer.css"] {
            try FileManager.default.copyItem(atPath: repository + "/" + name, toPath: dir + "/" + name)
        }
        return dir
    }
}
