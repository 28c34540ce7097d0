import GeoKit

/// Where things are in the demo city: a square around the centre split 3 × 3 into districts (the centre
/// one smaller, like an old town), each district 2 × 2 into towns or streets, and chemical parks in the
/// outer districts. All in metres from the centre.
struct CityLayout {
    struct District {
        let name: String
        let code: String
        let box: BBox
        let towns: [(name: String, box: BBox)]
    }

    let half: Double
    let districts: [District]
    let parks: [(name: String, box: BBox)]

    /// (name, code) by row from north to south, column from west to east.
    private static let districtNames = [
        [("张家港市", "320582"), ("相城区", "320507"), ("常熟市", "320581")],
        [("虎丘区", "320505"), ("姑苏区", "320508"), ("苏州工业园区", "320571")],
        [("吴江区", "320509"), ("吴中区", "320506"), ("昆山市", "320583")],
    ]
    private static let townWords = ["城东", "城西", "城南", "城北", "金港", "凤凰", "锦丰", "乐余", "黄埭", "渭塘", "北桥", "望亭",
                                    "虞山", "碧溪", "梅李", "海虞", "狮山", "枫桥", "浒墅关", "通安", "平江", "金阊", "沧浪", "双塔",
                                    "娄葑", "斜塘", "唯亭", "胜浦", "松陵", "同里", "平望", "盛泽", "木渎", "甪直", "胥口", "临湖"]
    private static let parkNames = ["扬子江国际化学工业园", "常熟新材料产业园", "昆山精细化工园"]

    init(scale: DemoScale) {
        let half = scale.halfSize
        self.half = half
        let edges = [-half, -0.3 * half, 0.3 * half, half]
        var districts: [District] = []
        for row in 0..<3 {
            for col in 0..<3 {
                let box = BBox(minX: edges[col], minY: edges[2 - row], maxX: edges[col + 1], maxY: edges[3 - row])
                let (name, code) = Self.districtNames[row][col]
                let centre = row == 1 && col == 1
                var towns: [(String, BBox)] = []
                for t in 0..<4 {
                    let (tx, ty) = (t % 2, t / 2)
                    let w = box.width / 2, h = box.height / 2
                    let townBox = BBox(minX: box.minX + Double(tx) * w, minY: box.maxY - Double(ty + 1) * h,
                                       maxX: box.minX + Double(tx + 1) * w, maxY: box.maxY - Double(ty) * h)
                    let word = Self.townWords[(row * 3 + col) * 4 + t]
                    towns.append((word + (centre ? "街道" : "镇"), townBox))
                }
                districts.append(District(name: name, code: code, box: box, towns: towns))
            }
        }
        self.districts = districts
        // Parks sit in the outer districts, where the real ones are: by the river in the north, by the port in the east.
        let spots = [(-0.72, 0.7), (0.7, 0.72), (0.72, -0.62)]
        parks = (0..<scale.chemicalParks).map { k in
            let (fx, fy) = spots[k]
            let w = 0.09 * half, h = 0.065 * half
            let c = Coordinate(fx * half, fy * half)
            return (Self.parkNames[k], BBox(minX: c.x - w, minY: c.y - h, maxX: c.x + w, maxY: c.y + h))
        }
    }

    func district(at x: Double, _ y: Double) -> District {
        districts.first { $0.box.contains(Coordinate(x, y)) } ?? districts[4]
    }

    func town(at x: Double, _ y: Double) -> String {
        district(at: x, y).towns.first { $0.box.contains(Coordinate(x, y)) }?.name ?? ""
    }

    /// A point drawn from the city's density: mostly around the centre, some anywhere, clamped inside.
    func urbanPoint(_ rng: inout SeededRandom, spread: Double = 0.35) -> (Double, Double) {
        if rng.chance(0.75) {
            return (clamp(rng.normal() * spread * half), clamp(rng.normal() * spread * half))
        }
        return (rng.uniform(-half, half) * 0.98, rng.uniform(-half, half) * 0.98)
    }

    func clamp(_ v: Double) -> Double { min(max(v, -0.98 * half), 0.98 * half) }
}
