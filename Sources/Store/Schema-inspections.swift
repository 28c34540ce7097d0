/// Risk-based supervision's tables (the Inspections target gives them meaning): the score events of the
/// enterprises' safety scores (记分), each traceable to its indicator, date and author; the departments'
/// inspection plans and their visits with results.
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
        Migration(version: 10, owner: "inspections", summary: "inspection plans per department, level and period, their visits and results") { db in
            try db.execute("""
                CREATE TABLE plans (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    department TEXT NOT NULL,
                    level TEXT NOT NULL CHECK (level IN ('city', 'county', 'town')),
                    period TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    UNIQUE (department, level, period)
                );
                CREATE TABLE plan_visits (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
                    source_id INTEGER NOT NULL REFERENCES risk_sources(fid) ON DELETE CASCADE,
                    on_date TEXT NOT NULL,
                    items TEXT NOT NULL,
                    status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'done')),
                    findings TEXT,
                    dangers_found INTEGER,
                    dangers_closed INTEGER,
                    done_at TEXT
                );
                CREATE INDEX plan_visits_plan ON plan_visits(plan_id);
                CREATE INDEX plan_visits_source ON plan_visits(source_id, on_date);
                """)
        },
    ]
}
