import Store

/// Keeps the tile sources in step with every write: each changed feature is re-read once the write has
/// committed, before the next write begins (`WriteTransaction.atCommit`). A risk also recolours its enterprise
/// (`EnterpriseColours` updates the risk source in the same write), so that enterprise is re-read too.
final class TileSourceObserver: WriteObserver {
    let sources: TileSources

    init(sources: TileSources) {
        self.sources = sources
    }

    func didChange(layer: LayerSchema, before: Feature?, after: Feature?, in tx: WriteTransaction) throws {
        guard let tileLayer = TileLayer.of(layer), let id = after?.id ?? before?.id else { return }
        let sources = sources
        tx.atCommit { db in sources.refresh(tileLayer, ids: [id], selection: .one(id), db) }
        guard layer.name == Catalog.risks.name, let enterprises = TileLayer.of(Catalog.riskSources) else { return }
        for source in Set([before?["source_id"].intValue, after?["source_id"].intValue].compactMap { $0 }) {
            tx.atCommit { db in sources.refresh(enterprises, ids: [source], selection: .one(source), db) }
        }
    }

    func didBulkInsert(layer: LayerSchema, ids: ClosedRange<Int64>, in tx: WriteTransaction) throws {
        guard let tileLayer = TileLayer.of(layer) else { return }
        let sources = sources
        tx.atCommit { db in sources.refresh(tileLayer, ids: [], selection: .range(ids), db) }
        guard layer.name == Catalog.risks.name, let enterprises = TileLayer.of(Catalog.riskSources) else { return }
        tx.atCommit { db in
            // The enterprises of the new risks, one by one (a bulk insert of risks names few of them).
            for source in (try? db.riskSourceIDs(ofRisks: ids)) ?? [] { sources.refresh(enterprises, ids: [source], selection: .one(source), db) }
        }
    }
}
