import Foundation
import GeoKit
import Synchronization
import Testing
@_spi(RawSQL) @testable import Store

@Suite struct ConcurrencyTests {
    /// Readers running while a writer inserts 2,000 features in one transaction see 0 or 2,000 of them,
    /// never a part, and never wait for the writer to finish.
    @Test func readersSeeAllOrNothingOfAWrite() throws {
        let db = try TestDatabase()
        let writing = Atomic<Bool>(true)
        let seen = Mutex<Set<Int>>([])
        let readerErrors = Mutex<[String]>([])
        let store = db.store
        let readers = (0..<3).map { _ in
            Thread {
                while writing.load(ordering: .acquiring) {
                    do {
                        let n = try store.read { r in
                            let a = try r.count(Catalog.sites)
                            let b = try r.features(in: Catalog.sites, bbox: BBox(minX: -180, minY: -90, maxX: 180, maxY: 90)).count
                            return a == b ? a : -1
                        }
                        seen.withLock { _ = $0.insert(n) }
                    } catch {
                        readerErrors.withLock { $0.append("\(error)") }
                    }
                }
            }
        }
        readers.forEach { $0.start() }
        try store.write(editor) { tx in
            for i in 0..<2_000 {
                var f = sampleFeature(Catalog.sites)
                f.geometry = .point(Coordinate(120 + Double(i % 50) * 0.01, 31 + Double(i / 50) * 0.01))
                try tx.insert(f, into: Catalog.sites)
                if i % 500 == 0 { Thread.sleep(forTimeInterval: 0.02) }
            }
        }
        Thread.sleep(forTimeInterval: 0.1)
        writing.store(false, ordering: .releasing)
        Thread.sleep(forTimeInterval: 0.1)
        #expect(readerErrors.withLock { $0 }.isEmpty)
        let counts = seen.withLock { $0 }
        #expect(counts.isSubset(of: [0, 2_000]), "readers saw \(counts.sorted())")
        #expect(counts.contains(0), "no read ran during the write")
        #expect(counts.contains(2_000), "no read ran after the write")
    }
}
