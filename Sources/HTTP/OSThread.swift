import CLinux
import Glibc

/// A joinable POSIX thread. Foundation's Thread cannot be joined, and shutdown must wait for every thread.
struct OSThread: Sendable {
    private let thread: pthread_t

    private final class Body: Sendable {
        let name: String
        let run: @Sendable () -> Void
        init(_ name: String, _ run: @escaping @Sendable () -> Void) {
            self.name = name
            self.run = run
        }
    }

    static func spawn(name: String, _ body: @escaping @Sendable () -> Void) throws(SystemError) -> OSThread {
        let box = Unmanaged.passRetained(Body(name, body)).toOpaque()
        var thread = pthread_t()
        let rc = pthread_create(&thread, nil, { raw in
            let body = Unmanaged<Body>.fromOpaque(raw!).takeRetainedValue()
            riskmap_set_thread_name(body.name)
            body.run()
            return nil
        }, box)
        guard rc == 0 else {
            Unmanaged<Body>.fromOpaque(box).release()
            throw SystemError(call: "pthread_create", errno: rc)
        }
        return OSThread(thread: thread)
    }

    func join() {
        pthread_join(thread, nil)
    }
}
