import Alerts
import Foundation
import Store
import Synchronization

/// Alerts another process committed (`riskmap import` of reports raises them in its own transaction) reach the
/// server's streams within a second: a thread looks for outside commits every second (the writer's data_version
/// moves) and lets the hub catch up. It holds neither the hub nor the store, and stops when either is gone.
/// A plain thread, not a dispatch timer: while libdispatch has pool workers it reads /proc every second and
/// crashes the process when that open fails, which a server at its descriptor limit made it do.
enum AlertCatchUp {
    static func start(hub: AlertHub, store: Store) {
        let seen = Mutex(store.externalDataVersion())
        Thread.detachNewThread { [weak hub, weak store] in
            while true {
                Thread.sleep(forTimeInterval: 1)
                guard let hub, let store else { return }
                guard let version = store.externalDataVersion(), seen.withLock({ s in defer { s = version }; return s != version }) else { continue }
                try? store.read { hub.catchUp($0.connection) }
            }
        }
    }
}
