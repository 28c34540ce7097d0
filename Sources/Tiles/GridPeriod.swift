import RiskGrid

extension TileSources {
    /// The tile layers of what the grid counts (`GridItemLoader.layers`): their time windows are the grid's.
    static let gridItemLayers = TileLayer.all.filter { l in GridItemLoader.layers.contains { $0.name == l.source?.name } }

    /// Names the stretch of time holding `at` (epoch seconds) for grid tiles: the last edge of a time window at
    /// or before `at` among the features the grid counts, read from their tile sources ("" before the first).
    /// The grid counts an item only inside its window, so every instant of a stretch draws the same cells until
    /// an edit, which invalidates the tiles it reaches. With `building` false nothing is read from the database:
    /// nil when one of those sources is not built yet.
    public func gridPeriod(at: Int64, building: Bool) throws -> String? {
        guard let sources = building ? try snapshot(Self.gridItemLayers) : builtSnapshot(Self.gridItemLayers) else { return nil }
        return sources.compactMap { $0?.period(at: at) }.max().map(String.init) ?? ""
    }
}
