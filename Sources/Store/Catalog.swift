import GeoKit

/// The layers of riskmap's one map. docs/DATA-MODEL.md describes the same tables for people.
public enum Catalog {
    public static let levels = ["major", "significant", "general", "low"]
    public static let levelAliases = ["重大": "major", "重大风险": "major", "红": "major", "red": "major",
                                      "较大": "significant", "较大风险": "significant", "橙": "significant", "orange": "significant",
                                      "一般": "general", "一般风险": "general", "黄": "general", "yellow": "general",
                                      "低": "low", "低风险": "low", "蓝": "low", "blue": "low"]
    public static let colours = ["red", "orange", "yellow", "blue"]

    public static let sectors = ["hazardous_chemicals", "dust_explosion", "metallurgy", "confined_space", "gas",
                                 "construction", "transport", "crowded_place", "ammonia_refrigeration", "industry_trade"]
    static let sectorAliases = ["危险化学品": "hazardous_chemicals", "危化品": "hazardous_chemicals", "粉尘涉爆": "dust_explosion",
                                "冶金": "metallurgy", "有限空间": "confined_space", "燃气": "gas", "建筑施工": "construction",
                                "交通运输": "transport", "人员密集": "crowded_place", "人员密集场所": "crowded_place",
                                "涉氨制冷": "ammonia_refrigeration", "工贸": "industry_trade", "工贸行业": "industry_trade"]

    public static let siteCategories = ["school", "kindergarten", "hospital", "elderly_care", "mall", "market", "religious",
                                        "stadium", "station", "hotel", "event_venue", "temporary_event"]
    static let siteAliases = ["学校": "school", "幼儿园": "kindergarten", "医院": "hospital", "养老机构": "elderly_care",
                              "商场": "mall", "市场": "market", "宗教场所": "religious", "体育场馆": "stadium", "车站": "station",
                              "宾馆": "hotel", "酒店": "hotel", "活动场所": "event_venue", "临时活动": "temporary_event"]
    public static let protectionClasses = ["high_sensitivity", "important", "general_1", "general_2", "general_3"]
    static let protectionAliases = ["高敏感防护目标": "high_sensitivity", "重要防护目标": "important", "一般防护目标一类": "general_1",
                                    "一般防护目标二类": "general_2", "一般防护目标三类": "general_3"]

    public static let pipelineKinds = ["gas_transmission", "city_gas", "oil", "product_oil", "chemical"]
    static let pipelineAliases = ["天然气长输": "gas_transmission", "长输天然气": "gas_transmission", "城镇燃气": "city_gas",
                                  "原油": "oil", "成品油": "product_oil", "化工": "chemical"]

    public static let resourceKinds = ["fire_station_1", "fire_station_2", "fire_station_small", "shelter_emergency",
                                       "shelter_fixed", "shelter_central", "supply_depot", "rescue_team"]
    static let resourceAliases = ["一级消防站": "fire_station_1", "二级消防站": "fire_station_2", "小型消防站": "fire_station_small",
                                  "应急避难场所": "shelter_emergency", "固定避难场所": "shelter_fixed", "中心避难场所": "shelter_central",
                                  "物资储备库": "supply_depot", "救援队伍": "rescue_team"]

    public static let areaLevels = ["city", "district", "town", "park"]
    static let areaAliases = ["市": "city", "区县": "district", "区": "district", "县": "district", "乡镇街道": "town",
                              "街道": "town", "镇": "town", "园区": "park"]

    public static let roadClasses = ["motorway", "trunk", "primary", "secondary", "tertiary", "residential", "service"]

    public static let activities = ["maintenance", "hot_work", "confined_space_entry", "hoisting", "large_event",
                                    "construction", "hazmat_transport", "other"]
    static let activityAliases = ["检维修": "maintenance", "动火作业": "hot_work", "有限空间作业": "confined_space_entry",
                                  "吊装作业": "hoisting", "大型活动": "large_event", "施工": "construction",
                                  "危险品运输": "hazmat_transport", "其他": "other"]
    public static let reportStatuses = ["submitted", "active", "closed", "cancelled"]

    static func level(required: Bool = true) -> Field {
        Field("level", .text, required: required, vocabulary: levels, aliases: levelAliases, title: "Risk level", zh: "风险等级")
    }

    public static let riskSources = LayerSchema(
        name: "risk_sources", title: "Risk sources (enterprises and units)", zh: "风险源（企业单位）",
        geometryKinds: [.point, .polygon, .multiPolygon], declaredType: "GEOMETRY",
        fields: [
            Field("name", .text, required: true, title: "Name", zh: "企业名称"),
            Field("credit_code", .text, title: "Unified social credit code", zh: "统一社会信用代码"),
            Field("sector", .text, required: true, vocabulary: sectors, aliases: sectorAliases, title: "Sector", zh: "行业领域"),
            Field("district", .text, title: "District", zh: "所属区县"),
            Field("town", .text, title: "Town or street", zh: "乡镇街道"),
            Field("hazard_grade", .integer, range: 1...4, title: "Major-hazard grade (1-4)", zh: "重大危险源等级"),
            Field("hazard_r", .real, range: 0...1e9, title: "Major-hazard R value", zh: "重大危险源R值"),
            Field("safety_score", .integer, range: 0...12, default: 12, title: "Safety score", zh: "安全生产记分"),
            Field("safety_distance_m", .real, range: 0...100_000, title: "External safety distance (m)", zh: "外部安全防护距离"),
            Field("colour", .text, vocabulary: colours, computed: true, title: "Risk colour", zh: "风险颜色"),
            Field("risk_count", .integer, computed: true, default: 0, title: "Reported risks", zh: "风险数"),
        ])

    public static let risks = LayerSchema(
        name: "risks", title: "Reported risks", zh: "风险点（一险一单）",
        geometryKinds: [.point], declaredType: "POINT", geometryOptional: true,
        fields: [
            Field("source_id", .integer, required: true, references: "risk_sources", title: "Risk source id", zh: "所属风险源"),
            Field("name", .text, required: true, title: "Risk", zh: "风险名称"),
            level(),
            Field("place", .text, title: "Place", zh: "所处场所"),
            Field("part", .text, title: "Part or step", zh: "部位/环节"),
            Field("measures", .text, title: "Control measures", zh: "管控措施"),
            Field("responsible", .text, title: "Responsible person", zh: "包保责任人"),
            Field("phone", .text, title: "Phone", zh: "联系电话"),
            Field("impact_radius_m", .real, range: 0...100_000, title: "Impact radius (m)", zh: "影响半径"),
            Field("valid_from", .timestamp, title: "Valid from", zh: "起始时间"),
            Field("valid_to", .timestamp, title: "Valid to", zh: "结束时间"),
            Field("reported_on", .date, title: "Reported on", zh: "填报日期"),
        ],
        timeWindow: ("valid_from", "valid_to"))

    public static let pipelines = LayerSchema(
        name: "pipelines", title: "Pipelines", zh: "油气管道",
        geometryKinds: [.lineString], declaredType: "LINESTRING",
        fields: [
            Field("name", .text, title: "Name", zh: "管道名称"),
            Field("kind", .text, required: true, vocabulary: pipelineKinds, aliases: pipelineAliases, title: "Kind", zh: "管道类型"),
            Field("diameter_mm", .real, range: 1...5_000, title: "Diameter (mm)", zh: "管径"),
            Field("maop_mpa", .real, range: 0...100, title: "Max. allowable operating pressure (MPa)", zh: "最大允许操作压力"),
            Field("medium", .text, title: "Medium", zh: "输送介质"),
            Field("operator", .text, title: "Operator", zh: "运营单位"),
            Field("depth_m", .real, range: 0...100, title: "Buried depth (m)", zh: "埋深"),
        ])

    public static let sites = LayerSchema(
        name: "sites", title: "Crowded sites", zh: "人员密集场所",
        geometryKinds: [.point, .polygon, .multiPolygon], declaredType: "GEOMETRY",
        fields: [
            Field("name", .text, required: true, title: "Name", zh: "名称"),
            Field("category", .text, required: true, vocabulary: siteCategories, aliases: siteAliases, title: "Category", zh: "类别"),
            Field("capacity", .integer, range: 0...10_000_000, title: "Capacity (people)", zh: "容纳人数"),
            Field("protection_class", .text, vocabulary: protectionClasses, aliases: protectionAliases, title: "Protected-target class", zh: "防护目标类别"),
            Field("district", .text, title: "District", zh: "所属区县"),
            Field("valid_from", .timestamp, title: "Valid from", zh: "起始时间"),
            Field("valid_to", .timestamp, title: "Valid to", zh: "结束时间"),
        ],
        timeWindow: ("valid_from", "valid_to"))

    public static let resources = LayerSchema(
        name: "resources", title: "Emergency resources", zh: "应急资源",
        geometryKinds: [.point], declaredType: "POINT",
        fields: [
            Field("name", .text, required: true, title: "Name", zh: "名称"),
            Field("kind", .text, required: true, vocabulary: resourceKinds, aliases: resourceAliases, title: "Kind", zh: "类型"),
            Field("capacity", .integer, range: 0...10_000_000, title: "Capacity", zh: "容量"),
            Field("district", .text, title: "District", zh: "所属区县"),
            Field("phone", .text, title: "Phone", zh: "联系电话"),
        ])

    public static let areas = LayerSchema(
        name: "areas", title: "Administrative areas and parks", zh: "行政区划与园区",
        geometryKinds: [.multiPolygon, .polygon], declaredType: "MULTIPOLYGON",
        fields: [
            Field("name", .text, required: true, title: "Name", zh: "名称"),
            Field("level", .text, required: true, vocabulary: areaLevels, aliases: areaAliases, title: "Level", zh: "级别"),
            Field("code", .text, title: "Code", zh: "区划代码"),
            Field("parent_id", .integer, references: "areas", title: "Parent area id", zh: "上级区划"),
        ])

    public static let roads = LayerSchema(
        name: "roads", title: "Road network", zh: "道路网",
        geometryKinds: [.lineString], declaredType: "LINESTRING",
        fields: [
            Field("name", .text, title: "Name", zh: "道路名称"),
            Field("class", .text, required: true, vocabulary: roadClasses, title: "Class", zh: "道路等级"),
            Field("speed_kmh", .real, range: 1...200, title: "Speed (km/h)", zh: "限速"),
            Field("oneway", .boolean, default: 0, title: "One-way (digitised direction)", zh: "单行"),
            Field("hazmat", .boolean, default: 1, title: "Hazardous goods allowed", zh: "允许危化品车辆"),
            Field("from_node", .integer, title: "Start node", zh: "起点节点"),
            Field("to_node", .integer, title: "End node", zh: "终点节点"),
        ])

    public static let reports = LayerSchema(
        name: "reports", title: "Temporary risk reports", zh: "动态风险上报",
        geometryKinds: [.point, .polygon], declaredType: "GEOMETRY",
        fields: [
            Field("reporter", .text, required: true, title: "Reporter", zh: "上报单位"),
            Field("source_id", .integer, references: "risk_sources", title: "Risk source id", zh: "所属风险源"),
            Field("activity", .text, required: true, vocabulary: activities, aliases: activityAliases, title: "Activity", zh: "作业活动"),
            level(),
            Field("impact_radius_m", .real, range: 0...100_000, title: "Impact radius (m)", zh: "影响半径"),
            Field("valid_from", .timestamp, required: true, title: "Valid from", zh: "起始时间"),
            Field("valid_to", .timestamp, required: true, title: "Valid to", zh: "结束时间"),
            Field("measures", .text, title: "Control measures", zh: "管控措施"),
            Field("status", .text, required: true, vocabulary: reportStatuses, default: "submitted", title: "Status", zh: "状态"),
        ],
        timeWindow: ("valid_from", "valid_to"))

    public static let alerts = LayerSchema(
        name: "alerts", title: "Alerts", zh: "预警",
        geometryKinds: [.point], declaredType: "POINT",
        fields: [
            Field("cause_layer", .text, required: true, vocabulary: ["reports", "risks"], title: "Cause layer", zh: "触发图层"),
            Field("cause_id", .integer, required: true, title: "Cause id", zh: "触发要素"),
            level(),
            Field("message", .text, title: "Message", zh: "预警内容"),
            Field("affected", .text, title: "Affected sites and sources (JSON)", zh: "影响对象"),
            Field("created_at", .timestamp, required: true, title: "Created", zh: "发布时间"),
            Field("acknowledged_by", .text, title: "Acknowledged by", zh: "签收人"),
            Field("acknowledged_at", .timestamp, title: "Acknowledged at", zh: "签收时间"),
        ] + alertMessageFields)

    /// What makes an alert a message a warning system can take (CAP 1.2's msgType and references; the rule that
    /// raised it; the areas and departments it concerns). Added by migration 7 to databases made before.
    static let alertMessageFields = [
        Field("msg_type", .text, vocabulary: alertMessageTypes, default: "Alert", title: "Message type", zh: "消息类型"),
        Field("references_id", .integer, title: "Alert it updates or cancels", zh: "关联预警"),
        Field("rule", .text, title: "Rule", zh: "预警规则"),
        Field("areas", .text, title: "Areas", zh: "涉及区域"),
        Field("departments", .text, title: "Departments concerned", zh: "责任部门"),
    ]
    public static let alertMessageTypes = ["Alert", "Update", "Cancel"]

    /// Every layer, in the order they are created and listed.
    public static let layers: [LayerSchema] = [areas, roads, riskSources, risks, pipelines, sites, resources, reports, alerts]

    public static func layer(_ name: String) -> LayerSchema? { layers.first { $0.name == name } }
}
