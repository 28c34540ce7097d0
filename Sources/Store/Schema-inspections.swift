/// Risk-based supervision's tables (the Inspections target gives them meaning): the score events of the
/// enterprises' safety scores (记分), each traceable to its indicator, date and author.
extension Schema {
    static let inspections: [Migration] = [
        Migration(version: 8, owner: "inspections", summary: "safety-score events of the enterprises: indicator, date, points, note, who") { db in
            try db.execute("""
                CREATE TABLE score_events (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    source_id INTEGER NOT NULL REFERENCES risk_sources(fid) ON DELETE CASCADE,
                    indicator TEXT NOT NULL,
                    points INTEGER NOT NULL,
                    on_date TEXT NOT NULL,
                    note TEXT,
                    actor TEXT NOT NULL,
                    recorded_at TEXT NOT NULL
                );
                CREATE INDEX score_events_source ON score_events(source_id, on_date);
                """)
        },
    ]
}
