import Alerts
import Dispatch
import Store
import Synchronization

/// Alerts another process committed (`riskmap import` of reports raises them in its own transaction) reach the
/// server's streams within a second: a timer looks for outside commits (the writer's data_version moves) and lets
/// the hub catch up. It holds neither the hub nor the store, and stops when either is gone.
enum AlertCatchUp {
    static func start(hub: AlertHub, store: Store) {
        let seen = Mutex(store.externalDataVersion())
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
        timer.schedule(deadline: .now() + 1, repeating: 1)
        timer.setEventHandler { [weak hub, weak store] in
            guard let hub, let store else { timer.cancel(); return }
            guard let version = store.externalDataVersion(), seen.withLock({ s in defer { s = version }; return s != version }) else { return }
            try? store.read { hub.catchUp($0.connection) }
        }
        timer.resume()
    }
}
