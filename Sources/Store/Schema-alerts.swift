/// The alerts' message fields (Catalog.alertMessageFields) for databases made before they existed; a database
/// made since has them from migration 1, which creates every layer as the catalog describes it now.
extension Schema {
    static let alerts: [Migration] = [
        Migration(version: 7, owner: "alerts", summary: "alerts as messages: type (Alert, Update, Cancel), the alert referenced, rule, areas, departments") { db in
            let s = try db.prepare("SELECT name FROM pragma_table_info('alerts')")
            var present = Set<String>()
            while try s.step() { present.insert(s.text(0) ?? "") }
            for field in Catalog.alertMessageFields where !present.contains(field.name) {
                try db.execute("ALTER TABLE alerts ADD COLUMN \(field.columnSQL)")
            }
            try db.execute("CREATE INDEX IF NOT EXISTS alerts_cause ON alerts(cause_layer, cause_id)")
        },
    ]
}
