import Glibc
import Testing
@testable import HTTP

/// The connection cap derived from the descriptor limit.
struct ConnectionCapTests {
    @Test func theCapLeavesRoomForTheRestOfTheProcess() {
        // 32 for the process, 4 per worker, 4 per I/O thread.
        #expect(ConnectionCap.reserve(workers: 4, ioThreads: 1) == 52)
        #expect(ConnectionCap.effective(configured: 1024, descriptorLimit: 1024, workers: 4, ioThreads: 1) == 972)
        #expect(ConnectionCap.effective(configured: 1024, descriptorLimit: 64, workers: 2, ioThreads: 1) == 20)
        #expect(ConnectionCap.effective(configured: 100, descriptorLimit: 65536, workers: 4, ioThreads: 2) == 100)
        #expect(ConnectionCap.effective(configured: 1024, descriptorLimit: nil, workers: 4, ioThreads: 1) == 1024)
        #expect(ConnectionCap.effective(configured: 1024, descriptorLimit: 40, workers: 4, ioThreads: 1) == 1)
    }

    @Test func theServerReportsItsCapFromTheProcessLimit() throws {
        var limit = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        try withServer({ $0.maxConnections = 1 << 30 }) { server in
            let expected = limit.rlim_cur == rlim_t.max ? 1 << 30 : Int(limit.rlim_cur) - ConnectionCap.reserve(workers: 2, ioThreads: 2)
            #expect(server.effectiveMaxConnections == expected)
        }
    }
}
