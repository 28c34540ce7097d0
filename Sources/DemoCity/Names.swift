/// Word pools for realistic Chinese names. Invented names only: any likeness to a real firm is chance.
enum Names {
    static let syllables = Array("恒泰华鑫利达盛通源宏兴丰瑞嘉昌隆新永金德安康宝润科晨亚东海天中信诚远博创联合众惠")
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜")
    static let givenNames = ["伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英",
                             "霞", "平", "刚", "建华", "志强", "海燕", "晓东", "国庆", "文斌", "丽华", "建国", "红梅", "卫东"]

    static func firmCore(_ rng: inout SeededRandom) -> String {
        String(rng.pick(syllables)) + String(rng.pick(syllables))
    }

    static func person(_ rng: inout SeededRandom) -> String {
        String(rng.pick(surnames)) + rng.pick(givenNames)
    }

    /// A masked mobile number as registers publish them.
    static func phone(_ rng: inout SeededRandom) -> String {
        "1\(rng.pick(["35", "38", "39", "51", "58", "86", "89"]))****\(String(rng.int(1000...9999)))"
    }

    struct SectorWords {
        let firm: [String]
        let risks: [(name: String, place: String, part: String, measures: String)]
    }

    static let sectors: [String: SectorWords] = [
        "hazardous_chemicals": SectorWords(firm: ["化工", "精细化工", "化学品", "新材料", "石化"], risks: [
            ("液氯储罐泄漏中毒", "罐区", "储罐及管线", "储罐液位、压力联锁；泄漏检测报警；应急吸收装置"),
            ("反应釜超温超压爆炸", "生产车间", "聚合反应工序", "温度压力自动控制与联锁；紧急泄放；DCS实时监控"),
            ("装卸作业火灾爆炸", "装卸区", "槽车装卸", "静电接地；装卸鹤管紧急切断；作业票证管理"),
            ("甲类仓库火灾", "甲类仓库", "危险化学品储存", "分区分类储存；可燃气体报警；自动喷淋")]),
        "dust_explosion": SectorWords(firm: ["粉体材料", "木业", "金属制品", "饲料", "纺织"], risks: [
            ("除尘系统粉尘爆炸", "抛光车间", "除尘器", "湿式除尘；泄爆装置；每班清扫积尘"),
            ("铝镁粉尘燃爆", "打磨车间", "打磨工位", "隔爆阀；防静电；禁止明火")]),
        "metallurgy": SectorWords(firm: ["钢铁", "特钢", "铝业", "冶金", "铸造"], risks: [
            ("高温熔融金属喷溅", "炼钢车间", "转炉吊运", "吊运通道禁止人员停留；铁水包定期检测"),
            ("煤气中毒", "煤气柜区域", "煤气管网", "固定式CO报警；作业前检测；佩戴空气呼吸器")]),
        "confined_space": SectorWords(firm: ["环保科技", "污水处理", "酿造", "食品"], risks: [
            ("污水池有限空间中毒窒息", "污水处理站", "调节池", "先通风再检测后作业；专人监护；审批制度"),
            ("发酵罐缺氧窒息", "发酵车间", "发酵罐", "作业审批；强制通风；配备救援三脚架")]),
        "gas": SectorWords(firm: ["燃气", "能源", "天然气"], risks: [
            ("燃气管道泄漏爆炸", "调压站", "中压管道", "巡线；泄漏检测；第三方施工监护"),
            ("液化气钢瓶爆炸", "充装站", "充装区", "钢瓶检验；防超装；可燃气体报警")]),
        "construction": SectorWords(firm: ["建设工程", "建筑", "市政工程", "路桥"], risks: [
            ("深基坑坍塌", "施工现场", "基坑支护", "基坑监测；专项方案论证；降水管理"),
            ("起重机械倾覆", "施工现场", "塔吊", "塔吊安全监控；持证上岗；大风停止作业"),
            ("高处坠落", "施工现场", "脚手架", "安全网；安全带；临边防护")]),
        "transport": SectorWords(firm: ["物流", "运输", "危货运输", "港务"], risks: [
            ("危化品运输车辆泄漏", "停车场", "危货车辆", "GPS动态监控；驾驶员资质；应急处置包"),
            ("码头装卸作业事故", "码头", "装卸作业", "作业许可；警戒隔离")]),
        "crowded_place": SectorWords(firm: ["商业管理", "商贸", "酒店管理", "文化旅游"], risks: [
            ("人员聚集踩踏", "中庭", "疏散通道", "客流监测；限流；疏散通道畅通"),
            ("商场火灾", "营业区", "电气线路", "消防设施维保；电气检测；微型消防站")]),
        "ammonia_refrigeration": SectorWords(firm: ["冷链", "冷冻食品", "水产"], risks: [
            ("液氨泄漏中毒", "制冷机房", "氨储罐及管道", "氨气浓度报警与联锁；喷淋；应急疏散")]),
        "industry_trade": SectorWords(firm: ["机械", "电子", "纺织", "精密制造", "家具"], risks: [
            ("机械伤害", "加工车间", "冲压设备", "安全防护装置；双手按钮；停机检修挂牌"),
            ("电气火灾", "配电房", "配电柜", "电气检测；红外测温；灭火器配置")]),
    ]

    static let cities = ["苏州", "张家港", "常熟", "昆山", "太仓", "吴江"]

    /// Sites: a name pattern per category.
    static func site(_ category: String, _ n: Int, _ rng: inout SeededRandom) -> String {
        let core = firmCore(&rng)
        switch category {
        case "school": return rng.chance(0.5) ? "\(core)实验小学" : "苏州市第\(n % 60 + 1)中学\(core)校区"
        case "kindergarten": return "\(core)幼儿园"
        case "hospital": return rng.chance(0.3) ? "苏州市第\(n % 9 + 1)人民医院\(core)院区" : "\(core)社区卫生服务中心"
        case "elderly_care": return "\(core)养老院"
        case "mall": return "\(core)广场购物中心"
        case "market": return "\(core)农贸市场"
        case "religious": return rng.pick(["\(core)寺", "\(core)教堂", "\(core)观"])
        case "stadium": return "\(core)体育馆"
        case "station": return rng.pick(["\(core)站", "\(core)汽车客运站", "地铁\(core)站"])
        case "hotel": return "\(core)大酒店"
        case "event_venue": return "\(core)会展中心"
        default: return "\(core)临时活动"
        }
    }

    static let roadRings = ["内环高架", "中环快速路", "外环高速", "绕城高速"]
    static let radials = ["沪宁高速", "苏嘉杭高速", "沿江高速", "常嘉高速"]
    static let axes = ["人民路", "干将路"]
}
