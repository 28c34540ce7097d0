import Foundation
@_spi(RawSQL) import Store
import TestSupport
import Testing

/// The viewer in a real browser: headless Chromium from Debian loads `/` from a riskmap over the small demo
/// city, and viewer_browser.py reports what the page shows through its own state. Chromium, chromedriver or
/// Selenium missing is a failure naming scripts/setup.sh, never a skip.
@Suite struct ViewerBrowserTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let script = root.appendingPathComponent("Tests/ServiceTests/viewer_browser.py").path
    static let artifacts = root.appendingPathComponent("test-artifacts/viewer").path

    @Test(.timeLimit(.minutes(5))) func viewerRendersTheRiskMapInChromium() throws {
        let tiles = Self.root.appendingPathComponent("tiles").path
        try #require(FileManager.default.fileExists(atPath: tiles + "/viewer/vendor/maplibre-gl.js"),
                     "MapLibre GL JS is not in tiles/viewer/vendor/: run scripts/setup.sh")
        let server = try TestServer { $0.tilesDirectory = tiles; $0.workers = 4 }
        let editor = try server.token(.editor)
        let scored = try Self.supervision(server, editor: editor)
        let report = try Self.run(server.base, environment: ["RISKMAP_TEST_EDITOR": editor, "RISKMAP_TEST_RESPONDER": try server.token(.responder),
                                                            "RISKMAP_TEST_SCORED": String(scored)])
        #expect(report["exception"] == nil, "the browser script stopped: \(report["exception"] ?? ""); page errors: \(report["page_errors"] ?? []); failed requests: \(report["failed_requests"] ?? [])")

        // The map draws risks of every level and enterprises in the style's four colours.
        let rendered = report["rendered"] as? [String: Int] ?? [:]
        #expect((rendered["risks"] ?? 0) > 0, "no risk rendered: \(rendered)")
        #expect((rendered["risk_sources"] ?? 0) > 0, "no enterprise rendered: \(rendered)")
        #expect(Set(report["risk_levels"] as? [String] ?? []) == ["major", "significant", "general", "low"])
        let painted = report["risk_source_colours"] as? [String: [String]] ?? [:]
        let style = report["style_colours"] as? [String: String] ?? [:]
        #expect(Set(painted.keys) == ["red", "orange", "yellow", "blue"], "enterprise colours drawn: \(painted)")
        for (colour, level) in [("red", "major"), ("orange", "significant"), ("yellow", "general"), ("blue", "low")] {
            #expect(painted[colour] == [Self.rgb(style[level] ?? "")], "\(colour) enterprises painted \(painted[colour] ?? [])")
        }

        // A switch for every group the style draws, the grid heatmap included, and its cells rendered; the
        // risks switch hides them.
        let styleLayers = server.get("/style.json").object["layers"] as? [[String: Any]] ?? []
        let drawn = Set(styleLayers.compactMap { $0["source-layer"] as? String })
        let groups = ["risk_sources", "risks", "pipelines", "sites", "resources", "reports", "areas", "roads", "grid"]
        #expect(drawn.contains("grid"))
        #expect(report["switches"] as? [String] == groups.filter(drawn.contains))
        #expect((rendered["grid"] ?? 0) > 0, "no grid cell rendered: \(rendered)")
        #expect(report["risks_after_switch_off"] as? Int == 0)
        #expect((report["risks_after_switch_on"] as? Int ?? 0) > 0)

        // A click opens the popup with Chinese labels (English beneath); the language switch changes both.
        let popup = report["popup_zh"] as? String ?? ""
        #expect(popup.contains("风险等级\nRisk level") && popup.contains("管控措施"), "popup: \(popup)")
        // The enterprise by its name, and times in the city's time zone (UTC+8 for Asia/Shanghai).
        let source = report["popup_source_id"] as? Int ?? -1
        let enterprise = (server.get("/collections/risk_sources/items/\(source)").object["properties"] as? [String: Any])?["name"] as? String
        #expect(enterprise != nil && popup.contains("\(enterprise ?? "?") (\(source))"), "popup: \(popup)")
        let risk = server.get("/collections/risks/items/\((report["popup_target"] as? [String: Any])?["id"] as? Int ?? -1)").object
        if let updated = (risk["properties"] as? [String: Any])?["updated_at"] as? String,
           let date = ISO8601DateFormatter().date(from: updated) {
            let f = DateFormatter()
            f.timeZone = TimeZone(identifier: "Asia/Shanghai")
            f.dateFormat = "yyyy-MM-dd HH:mm"
            #expect(popup.contains(f.string(from: date) + " (Asia/Shanghai)"), "popup: \(popup), updated_at \(updated)")
        } else {
            Issue.record("the risk has no updated_at: \(risk)")
        }
        #expect(report["legend_zh"] as? [String] == ["重大风险", "较大风险", "一般风险", "低风险"])
        #expect(report["legend_en"] as? [String] == ["Major", "Significant", "General", "Low"])
        // The heatmap's legend gives the class breaks in index units, as /grid/meta has them.
        let heat = report["heat_legend_en"] as? [String] ?? []
        let breaks = (server.get("/grid/meta").object["classes"] as? [String: Any])?["breaks"] as? [String: Double] ?? [:]
        // Quantile classes (the default) also give each class's share of the populated cells.
        #expect(heat.count == 4 && heat.last == "blue > 0 · 50%", "heat legend: \(heat)")
        #expect(heat.first == "red ≥ \(Int((breaks["red"] ?? 0).rounded())) · 5%", "heat legend: \(heat), breaks \(breaks)")
        #expect((report["switch_labels_en"] as? [String])?.first == "Risk sources (enterprises)")
        #expect((report["popup_en"] as? String ?? "").contains("Risk level\n风险等级"))

        // Search by credit code flies to the enterprise and opens it.
        let search = report["search"] as? [String: Any] ?? [:]
        #expect((search["results"] as? [String])?.count == 1)
        #expect((search["centre_distance_deg"] as? Double ?? 1) < 0.01)
        #expect((search["zoom"] as? Double ?? 0) >= 13)

        // The district panel shows what /areas answers: each district's enterprises by colour.
        let areas = server.get("/areas?level=district").object["areas"] as? [[String: Any]] ?? []
        let expectedRows = areas.map { area -> [String] in
            let e = area["enterprises"] as? [String: Int] ?? [:]
            return [area["name"] as? String ?? ""] + ["red", "orange", "yellow", "blue"].map { String(e[$0] ?? 0) }
        }
        let districts = report["districts"] as? [String: Any] ?? [:]
        #expect(!areas.isEmpty && districts["hidden"] as? Bool == false)
        #expect(districts["rows"] as? [[String]] == expectedRows)

        // A key for every layer the map draws, from the style's own colours: pipelines by kind (each kind the
        // style colours, named as /collections labels it, and "other"), report rings by level, and the rest.
        let key = report["layer_legend"] as? [String: [String]] ?? [:]
        for group in ["risk_sources", "pipelines", "sites", "resources", "reports", "areas", "roads"] {
            #expect(!(key[group] ?? []).isEmpty, "no key for \(group): \(key)")
        }
        let pipelineKinds = (((server.get("/collections/pipelines").object["properties"] as? [String: Any])?["kind"] as? [String: Any])?["x-labels"]
            as? [String: [String: String]]) ?? [:]
        let keyed = key["pipelines"] ?? []
        #expect(keyed.count == 4 && keyed.last == "其他", "pipelines: \(keyed)")
        #expect(keyed.dropLast().allSatisfy { label in pipelineKinds.values.contains { $0["zh"] == label } }, "pipelines: \(keyed), labels \(pipelineKinds)")
        #expect((key["reports"] ?? []).first == "重大风险 (圈)", "reports: \(key["reports"] ?? [])")
        #expect((key["risk_sources"] ?? []).prefix(4) == ["红", "橙", "黄", "蓝"], "risk_sources: \(key["risk_sources"] ?? [])")

        // Filters and time: unticking "major" leaves no major risk drawn and puts the filter in the URL; a sector
        // leaves only its enterprises; an instant after a report's window hides it, and the URL keeps it.
        #expect((report["levels_before"] as? [String] ?? []).contains("major"), "\(report["levels_before"] ?? "")")
        #expect(!(report["levels_without_major"] as? [String] ?? ["major"]).contains("major") && !(report["levels_without_major"] as? [String] ?? []).isEmpty)
        #expect((report["url_with_filter"] as? String ?? "").contains("levels=significant%2Cgeneral%2Clow"), "\(report["url_with_filter"] ?? "")")
        if let chosen = report["sector_chosen"] as? String {
            #expect(report["sectors_after"] as? [String] == [chosen], "\(report["sectors_after"] ?? "")")
        } else {
            Issue.record("no sector drawn to filter on: \(report["sectors_before"] ?? "")")
        }
        let district = report["district_filter"] as? [String: Any] ?? [:]
        #expect((district["drawn"] as? Int ?? 0) > 0 && district["outside"] as? Int == 0, "district filter: \(district)")
        #expect((district["url"] as? String ?? "").contains("district=\(district["id"] as? String ?? "?")"), "district filter: \(district)")
        if report["report_checked"] is [String: Any] {
            #expect(report["report_drawn_now"] as? Bool == true && report["report_drawn_after"] as? Bool == false, "\(report["report_checked"] ?? "")")
            #expect((report["url_with_instant"] as? String ?? "").contains("at="))
            // The heatmap follows the instant: the report's cell is hotter while the report counts.
            let with = report["heat_with_report"] as? Double ?? 0, after = report["heat_after_report"] as? Double ?? 0
            #expect(with > after, "hazard at the report's point: \(with) with it, \(after) after its window")
        } else {
            Issue.record("the demo has no report with a point and a time window")
        }

        // The hot spots panel lists what /grid/hotspots answers; its first entry flies to that hot spot.
        let spots = server.get("/grid/hotspots?limit=10").object["features"] as? [[String: Any]] ?? []
        let listed = report["hotspots"] as? [String] ?? []
        #expect(!spots.isEmpty && listed.count == spots.count, "panel: \(listed)")
        if let bbox = (spots.first?["properties"] as? [String: Any])?["bbox"] as? [Double], let centre = report["hotspot_centre"] as? [Double] {
            #expect(centre[0] >= bbox[0] - 0.01 && centre[0] <= bbox[2] + 0.01 && centre[1] >= bbox[1] - 0.01 && centre[1] <= bbox[3] + 0.01,
                    "the map went to \(centre), the hot spot is \(bbox)")
        } else {
            Issue.record("no hot spot clicked: \(report["hotspot_centre"] ?? "nil")")
        }

        // The live alerts panel: a report posted while the page is open appears at its top within seconds, naming
        // the school it reaches, flashes on the map, and a responder signed in acknowledges it.
        #expect(report["alert_report_status"] as? Int == 201)
        let firstAlert = report["alert_first_row"] as? String ?? ""
        #expect(firstAlert.contains(report["alert_school"] as? String ?? "?") && firstAlert.contains("预警"), "alert row: \(firstAlert)")
        #expect(report["alert_flashed"] as? Bool == true, "the new alert was not flashed on the map")
        #expect((report["alert_acked_row"] as? String ?? "").contains("已签收 · test responder"))
        // "Data as of" followed the write: the page shows the last change and asked for the tiles again.
        let lastChange = try server.store.read { try $0.connection.lastChange() }
        // (The acknowledgement after it is a later change still.)
        let shown = report["data_sequence"] as? Int ?? 0
        #expect(shown > 0 && shown < Int(lastChange?.id ?? 0), "shown \(shown), last \(lastChange?.id ?? 0)")
        #expect((report["data_as_of"] as? String ?? "").hasPrefix("数据截至 "), "\(report["data_as_of"] ?? "")")

        // Export: a PNG the map's size plus its title bar; the features in view, with the filters, as GeoJSON and CSV.
        let export = report["export"] as? [String: Any] ?? [:]
        let canvas = export["canvas"] as? [Int] ?? [0, 0]
        #expect(export["png"] as? String == "data:image/png;base64,")
        #expect(export["width"] as? Int == canvas[0] && (export["height"] as? Int ?? 0) > canvas[1], "\(export)")
        #expect((export["features"] as? Int ?? 0) > 0 && export["inView"] as? Bool == true, "\(export)")
        #expect(export["layers"] as? [String] == ["risk_sources", "risks"])
        #expect(export["csvBom"] as? Bool == true && export["csvLines"] as? Int == (export["features"] as? Int ?? 0) + 1)
        #expect((export["csvHeader"] as? String ?? "").hasPrefix("layer,id,lon,lat,"))
        let gb = report["gb18030_csv"] as? [String: Any] ?? [:]
        #expect((gb["header"] as? String ?? "").hasPrefix("图层,编号,经度,纬度,") && gb["rows_equal"] as? Bool == true, "\(gb)")
        #expect(gb["lines"] as? Int == (export["features"] as? Int ?? 0) + 1, "\(gb)")
        let print = report["print_layout"] as? [String: Any] ?? [:]
        #expect(print["title"] as? String == "安全风险一张图" && (print["time"] as? String ?? "").contains("制图时间"), "\(print)")
        #expect((print["image"] as? Int ?? 0) > 0 && print["north"] as? Bool == true && (print["scale"] as? String ?? "").contains("比例尺 "), "\(print)")
        #expect((print["legends"] as? Int ?? 0) >= 2, "\(print)")
        let major = report["export_major"] as? [String: Any] ?? [:]
        #expect(Set(major["levels"] as? [String] ?? ["?"]).isSubset(of: ["major"]) && major["count"] as? Int == export["majorRisks"] as? Int, "\(major)")

        // Supervision: the stored plans of 2027 drawn (three visits), one joint inspection of the two departments
        // proposed, and the scored enterprise's popup showing its year.
        let inspections = report["inspections"] as? [String: Any] ?? [:]
        #expect(inspections["drawn"] as? Int == 3, "\(inspections)")
        #expect((inspections["summary"] as? String ?? "").contains("合并为 1 次联合检查"), "\(inspections)")
        let joint = inspections["joint"] as? [String] ?? []
        #expect(joint.count == 1 && joint.first?.contains("应急管理局、消防救援支队") == true, "\(joint)")
        #expect((report["score_history"] as? String ?? "").contains("8 / 12"), "\(report["score_history"] ?? "")")

        // The click tools: nearby lists what the server answers for the clicked point, the site check shows its
        // verdict, a route is drawn with its length and time, isochrones of 3 and 5 minutes, the coverage gaps.
        let tools = report["tools"] as? [String: Any] ?? [:]
        let nearby = tools["nearby"] as? [String: Any] ?? [:]
        #expect((nearby["features"] as? Int ?? 0) > 0 && nearby["rows"] as? Int == nearby["features"] as? Int, "\(nearby)")
        #expect((nearby["first"] as? String ?? "").contains(" m · "), "\(nearby)")
        let site = tools["site"] as? [String: Any] ?? [:]
        let siteAt = ((site["site"] as? [String: Any])?["coordinates"] as? [Double]) ?? []
        if siteAt.count == 2 {
            let body = #"{"inputs":{"lon":\#(siteAt[0]),"lat":\#(siteAt[1]),"use":"kindergarten"}}"#
            let direct = server.request("POST", "/processes/site-check/execution", headers: ["Content-Type": "application/json"], body: Data(body.utf8)).object
            #expect(site["verdict"] as? String == direct["verdict"] as? String && (site["shown"] as? String ?? "").hasPrefix("幼儿园"), "\(site)")
        } else {
            Issue.record("no site checked: \(site)")
        }
        let route = tools["route"] as? [String: Any] ?? [:]
        #expect(route["status"] as? String == "ok" && (route["lines"] as? Int ?? 0) >= 1 && (route["drawn"] as? Int ?? 0) >= 1, "\(route)")
        #expect((route["summary"] as? String ?? "").contains("公里"), "\(route)")
        // What the route avoids, what it still crosses, a start inside a zone: the answer's sentence, shown.
        #expect((route["detail"] as? String ?? "").count > 0 && route["shown"] as? String == route["detail"] as? String, "\(route)")
        #expect(tools["isochrone"] as? [Int] == [5, 3], "\(tools["isochrone"] ?? "")")
        #expect((tools["coverage"] as? String ?? "").contains("未覆盖"), "\(tools["coverage"] ?? "")")
        let hca = (server.get("/analysis/pipeline-hca").object["features"] as? [Any])?.count
        #expect(tools["hca"] as? Int == hca, "HCA stretches drawn: \(tools["hca"] ?? ""), served \(hca ?? -1)")
        #expect((tools["threats"] as? Int ?? 0) > 0 && (tools["threats_drawn"] as? Int ?? 0) > 0, "threat zones: \(tools["threats"] ?? ""), drawn \(tools["threats_drawn"] ?? "")")

        // A shared link restores the view and the filters.
        let restored = report["restored"] as? [String: Any] ?? [:]
        #expect(restored["levels"] as? [String] == ["major", "significant"] && restored["colours"] as? [String] == ["red"], "\(restored)")
        #expect(restored["major"] as? Bool == true && restored["low"] as? Bool == false, "\(restored)")
        #expect(restored["district"] as? String == report["restored_district"] as? String && abs((restored["zoom"] as? Double ?? 0) - 14) < 0.01, "\(restored)")
        let centre = restored["centre"] as? [Double] ?? [0, 0]
        #expect(abs(centre[0] - 120.62) < 0.001 && abs(centre[1] - 31.31) < 0.001, "\(restored)")

        // Labels drawn from the server's glyphs: district names at zoom 10, road and enterprise names at 16.
        let labels = report["labels"] as? [String: Any] ?? [:]
        #expect((labels["district_z10"] as? Int ?? 0) > 0 && (labels["road_z16"] as? Int ?? 0) > 0 && (labels["enterprise_z16"] as? Int ?? 0) > 0, "\(labels)")
        let districtNames = try server.store.read { r in try r.connection.scalar("SELECT group_concat(name, '|') FROM areas WHERE level = 'district'").textValue ?? "" }
        #expect((labels["district_names"] as? [String] ?? []).allSatisfy { districtNames.split(separator: "|").map(String.init).contains($0) }, "\(labels)")
        #expect(requestsContainGlyphs(report), "no glyph range was asked for")

        // Offline rule: every request went to this riskmap, none failed, nothing was logged as an error.
        let requests = report["requests"] as? [String] ?? []
        #expect(requests.contains { $0.hasSuffix("/style.json") } && requests.contains { $0.hasSuffix("/viewer/vendor/maplibre-gl.js") })
        // Tiles are fetched by MapLibre's web worker, which the page's logs do not see: riskmap counted them.
        // A worker request to any other host would fail (the script's resolver knows only 127.0.0.1) and
        // surface as a map error in page_errors.
        let tileRoute = #"http_requests_total{route="/tiles/{tileset}/{z}/{x}/{y}",method="GET",status="200"} "#
        let tileCount = server.get("/metrics").text.split(separator: "\n").first { $0.hasPrefix(tileRoute) }
            .flatMap { Int($0.dropFirst(tileRoute.count)) } ?? 0
        #expect(tileCount > 0, "no tile was served")
        // data: URLs (MapLibre's control icons) and blob: URLs of this origin (its worker) never reach a network.
        for url in requests where !url.hasPrefix("data:") && !url.hasPrefix("blob:" + server.base + "/") {
            #expect(url.hasPrefix(server.base + "/"), "request outside riskmap: \(url)")
        }
        for timing in report["resource_timings"] as? [[String: Any]] ?? [] {
            let name = timing["name"] as? String ?? ""
            #expect(name.hasPrefix(server.base + "/"), "resource outside riskmap: \(name)")
            #expect((timing["status"] as? Int ?? 0) < 400, "failed: \(name) \(timing["status"] ?? "")")
        }
        #expect(report["failed_requests"] as? [String] == [])
        #expect(report["console_errors"] as? [String] == [])
        #expect(report["page_errors"] as? [String] == [])
        for key in ["screenshot_map", "screenshot_popup", "screenshot_en", "screenshot_search"] {
            #expect(FileManager.default.fileExists(atPath: report[key] as? String ?? ""), "no \(key)")
        }
    }

    /// Runs the browser script; its stderr names what is missing when the browser cannot start.
    /// Without MapLibre GL JS (scripts/setup.sh not run) the page is not blank: it shows one line saying so.
    @Test(.timeLimit(.minutes(2))) func withoutMapLibreThePageNamesSetupScript() throws {
        let tiles = try ViewerTiles.withoutVendor()
        defer { try? FileManager.default.removeItem(atPath: tiles) }
        let server = try TestServer(demo: false) { $0.tilesDirectory = tiles }
        let report = try Self.run(server.base, mode: "without-maplibre")
        #expect(report["exception"] == nil, "the browser script stopped: \(report["exception"] ?? "")")
        let notice = report["missing_notice"] as? String ?? ""
        #expect(notice.contains("scripts/setup.sh"), "notice shown: '\(notice)'")
    }

    /// MapLibre asked this riskmap for glyph ranges (its worker's requests are not in the page's log; the
    /// resource timings are).
    func requestsContainGlyphs(_ report: [String: Any]) -> Bool {
        let timings = (report["resource_timings"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        let requests = report["requests"] as? [String] ?? []
        return (timings + requests).contains { $0.contains("/fonts/riskmap-sans/") }
    }

    /// Two departments' 2027 plans that collide at one enterprise, and a score event (−4) of this year on it; its id.
    static func supervision(_ server: TestServer, editor: String) throws -> Int64 {
        let (a, b) = try server.store.read { r in
            (try r.connection.scalar("SELECT min(fid) FROM risk_sources").intValue ?? 1, try r.connection.scalar("SELECT max(fid) FROM risk_sources").intValue ?? 2)
        }
        let plans = [
            #"{"department":"应急管理局","level":"city","period":"2027","visits":[{"enterprise":\#(a),"date":"2027-04-10","items":["动火作业"]},{"enterprise":\#(b),"date":"2027-05-10"}]}"#,
            #"{"department":"消防救援支队","level":"county","period":"2027","visits":[{"enterprise":\#(a),"date":"2027-04-20","items":["消防设施"]}]}"#,
        ]
        let headers = ["Authorization": "Bearer \(editor)", "Content-Type": "application/json"]
        for plan in plans { try #require(server.request("POST", "/plans", headers: headers, body: Data(plan.utf8)).status == 201) }
        let year = String(Timestamp.now().prefix(4))
        try #require(server.request("POST", "/enterprises/\(a)/score-events", headers: headers,
                                    body: Data(#"{"indicator":"D01","date":"\#(year)-01-15"}"#.utf8)).status == 201)
        return a
    }

    static func run(_ base: String, mode: String = "full", environment: [String: String] = [:]) throws -> [String: Any] {
        let p = Process()
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [ProcessInfo.processInfo.environment["RISKMAP_PYTHON"] ?? "python3", script, base, artifacts, mode]
        // stderr goes to a file: read after stdout, a full pipe could stall the script.
        try FileManager.default.createDirectory(atPath: artifacts, withIntermediateDirectories: true)
        let errorLog = artifacts + "/browser-stderr.log"
        _ = FileManager.default.createFile(atPath: errorLog, contents: nil)
        let out = Pipe()
        p.standardOutput = out
        p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorLog))
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let errorText = (try? String(contentsOfFile: errorLog, encoding: .utf8)) ?? ""
        try #require(p.terminationStatus == 0, "viewer browser test failed (scripts/setup.sh --test installs chromium, chromium-driver and selenium): \(errorText)")
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "no report: \(errorText)")
    }

    /// "#e02020" → "rgb(224,32,32)", as the script writes MapLibre's evaluated colours.
    static func rgb(_ hex: String) -> String {
        let v = Int(hex.dropFirst(), radix: 16) ?? 0
        return "rgb(\(v >> 16 & 255),\(v >> 8 & 255),\(v & 255))"
    }
}
