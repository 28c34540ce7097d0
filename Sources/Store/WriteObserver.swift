/// Code that must run inside every write's transaction: derived data (enterprise colours, grid cells, tile
/// invalidation) is kept in step with the features, or the write fails as a whole.
public protocol WriteObserver: Sendable {
    /// One feature was inserted (`before` nil), updated, or deleted (`after` nil).
    func didChange(layer: LayerSchema, before: Feature?, after: Feature?, in tx: WriteTransaction) throws
    /// Many features were inserted at once; their ids are `ids`.
    func didBulkInsert(layer: LayerSchema, ids: ClosedRange<Int64>, in tx: WriteTransaction) throws
}
