/// How people read the stored codes, in Chinese and English: /collections hands these to clients (the viewer's
/// popups), so a command centre sees 危险化学品, not hazardous_chemicals.
extension Catalog {
    public static let labels: [String: (zh: String, en: String)] = [
        "major": ("重大风险", "Major"), "significant": ("较大风险", "Significant"), "general": ("一般风险", "General"), "low": ("低风险", "Low"),
        "red": ("红", "Red"), "orange": ("橙", "Orange"), "yellow": ("黄", "Yellow"), "blue": ("蓝", "Blue"),
        "hazardous_chemicals": ("危险化学品", "Hazardous chemicals"), "dust_explosion": ("粉尘涉爆", "Combustible dust"),
        "metallurgy": ("冶金", "Metallurgy"), "confined_space": ("有限空间", "Confined spaces"), "gas": ("燃气", "Gas"),
        "construction": ("建筑施工", "Construction"), "transport": ("交通运输", "Transport"), "crowded_place": ("人员密集", "Crowded places"),
        "ammonia_refrigeration": ("涉氨制冷", "Ammonia refrigeration"), "industry_trade": ("工贸", "Industry and trade"),
        "school": ("学校", "School"), "kindergarten": ("幼儿园", "Kindergarten"), "hospital": ("医院", "Hospital"),
        "elderly_care": ("养老机构", "Elderly care"), "mall": ("商场", "Mall"), "market": ("市场", "Market"), "religious": ("宗教场所", "Religious site"),
        "stadium": ("体育场馆", "Stadium"), "station": ("车站", "Station"), "hotel": ("宾馆酒店", "Hotel"), "event_venue": ("活动场所", "Event venue"),
        "temporary_event": ("临时活动", "Temporary event"),
        "high_sensitivity": ("高敏感防护目标", "High-sensitivity target"), "important": ("重要防护目标", "Important target"),
        "general_1": ("一般防护目标一类", "General target, class 1"), "general_2": ("一般防护目标二类", "General target, class 2"),
        "general_3": ("一般防护目标三类", "General target, class 3"),
        "gas_transmission": ("天然气长输", "Gas transmission"), "city_gas": ("城镇燃气", "City gas"), "oil": ("原油", "Crude oil"),
        "product_oil": ("成品油", "Oil products"), "chemical": ("化工", "Chemicals"),
        "fire_station_1": ("一级消防站", "Fire station, class 1"), "fire_station_2": ("二级消防站", "Fire station, class 2"),
        "fire_station_small": ("小型消防站", "Small fire station"), "shelter_emergency": ("应急避难场所", "Emergency shelter"),
        "shelter_fixed": ("固定避难场所", "Fixed shelter"), "shelter_central": ("中心避难场所", "Central shelter"),
        "supply_depot": ("物资储备库", "Supply depot"), "rescue_team": ("救援队伍", "Rescue team"),
        "city": ("市", "City"), "district": ("区县", "District"), "town": ("乡镇街道", "Town or street"), "park": ("园区", "Park"),
        "motorway": ("高速公路", "Motorway"), "trunk": ("快速路", "Trunk road"), "primary": ("主干路", "Primary road"),
        "secondary": ("次干路", "Secondary road"), "tertiary": ("支路", "Tertiary road"), "residential": ("街巷", "Residential street"),
        "service": ("服务道路", "Service road"),
        "maintenance": ("检维修", "Maintenance"), "hot_work": ("动火作业", "Hot work"), "confined_space_entry": ("有限空间作业", "Confined-space entry"),
        "hoisting": ("吊装作业", "Hoisting"), "large_event": ("大型活动", "Large event"), "hazmat_transport": ("危险品运输", "Hazmat transport"),
        "other": ("其他", "Other"),
        "submitted": ("已上报", "Submitted"), "active": ("进行中", "Active"), "closed": ("已结束", "Closed"), "cancelled": ("已取消", "Cancelled"),
        "reports": ("动态风险上报", "Temporary risk reports"), "risks": ("风险点", "Risks"),
    ]
}
