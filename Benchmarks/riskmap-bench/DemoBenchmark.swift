import DemoCity
import Foundation
import RiskGrid
import RiskModel
import Store

/// Time to generate and write the whole demo city (one transaction, every layer, colours computed).
struct DemoBenchmark {
    let scale: DemoScale
    let path: String

    func build() throws -> Int {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let store = try Store(path: path, create: true, observers: [EnterpriseColours()])
        return try DemoCity(scale: scale, seed: 1).write(into: store).values.reduce(0, +)
    }

    func run() throws {
        let runs = scale.name == "suzhou" ? 2 : 3
        var features = 0
        let m = try Harness.measure("demo \(scale.name)", warmup: 0, runs: runs) { _ in
            features = try build()
            return features
        }
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        print("| demo city \(scale.name) | \(features) features | median \(String(format: "%.2f", m.median)) s over \(runs) runs "
              + "| \(Int(Double(features) / m.median)) features/s | file \(size / 1_048_576) MB |")
    }
}
