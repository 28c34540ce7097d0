/// Which OpenStreetMap objects riskmap takes, and as what: the tag rules of the OSM import (docs/IMPORT.md).
enum OSMTags {
    /// highway=* → the road class riskmap routes on; footways, paths, tracks, steps and the like are not driven.
    static func roadClass(_ t: [String: String]) -> String? {
        guard var h = t["highway"] else { return nil }
        if h.hasSuffix("_link") { h.removeLast(5) }
        switch h {
        case "motorway", "trunk", "primary", "secondary", "tertiary", "residential", "service": return h
        case "unclassified", "living_street", "road": return "residential"
        default: return nil
        }
    }

    /// Free-flow speeds (km/h) for roads without maxspeed: typical urban limits by class.
    static let defaultSpeed = ["motorway": 100.0, "trunk": 80, "primary": 60, "secondary": 50, "tertiary": 40,
                               "residential": 30, "service": 20]

    /// maxspeed as km/h: "50", "50 km/h", "30 mph"; nil for "none", "signals", "walk" and other words.
    static func speed(_ text: String?) -> Double? {
        guard let text else { return nil }
        let parts = text.split(separator: " ")
        guard let first = parts.first, let v = Double(first), v > 0 else {
            if text.hasSuffix("mph"), let v = Double(text.dropLast(3)) { return v * 1.609344 }
            return nil
        }
        return parts.count > 1 && parts[1] == "mph" ? v * 1.609344 : v
    }

    /// The direction a road may be driven: +1 as drawn, -1 against it (oneway=-1), 0 both ways.
    static func oneway(_ t: [String: String]) -> Int {
        switch t["oneway"] {
        case "yes", "true", "1": return 1
        case "-1", "reverse": return -1
        case "no", "false", "0": return 0
        default:
            // Motorways and roundabouts are one-way unless tagged otherwise.
            return t["highway"] == "motorway" || t["junction"] == "roundabout" || t["junction"] == "circular" ? 1 : 0
        }
    }

    /// A crowded-site category (人员密集场所).
    static func siteCategory(_ t: [String: String]) -> String? {
        switch t["amenity"] {
        case "school": return "school"
        case "kindergarten", "childcare": return "kindergarten"
        case "hospital": return "hospital"
        case "marketplace": return "market"
        case "place_of_worship": return "religious"
        case "bus_station": return "station"
        case "nursing_home": return "elderly_care"
        default: break
        }
        if t["social_facility"] == "nursing_home" || t["social_facility"] == "assisted_living" { return "elderly_care" }
        if t["shop"] == "mall" || t["shop"] == "department_store" { return "mall" }
        if t["leisure"] == "stadium" { return "stadium" }
        if t["railway"] == "station" || (t["public_transport"] == "station" && t["railway"] != "halt") { return "station" }
        return nil
    }

    /// A risk-source sector: fuel stations and storage tanks hold hazardous chemicals, as do chemical works.
    static func riskSourceSector(_ t: [String: String]) -> String? {
        if t["amenity"] == "fuel" { return "hazardous_chemicals" }
        if t["man_made"] == "storage_tank" { return "hazardous_chemicals" }
        if t["industrial"] == "chemical" || t["product"]?.contains("chemical") == true { return "hazardous_chemicals" }
        if t["man_made"] == "gasometer" { return "gas" }
        return nil
    }

    /// A pipeline kind by substance; pipelines of water, sewage, heat or unknown contents are not hazards riskmap maps.
    static func pipelineKind(_ t: [String: String]) -> String? {
        guard t["man_made"] == "pipeline" else { return nil }
        switch t["substance"] ?? t["type"] {
        case "gas", "natural_gas", "cng", "lng": return t["usage"] == "distribution" ? "city_gas" : "gas_transmission"
        case "oil", "crude_oil": return "oil"
        case "fuel", "petroleum", "diesel", "gasoline", "kerosene", "lpg": return "product_oil"
        case "chemical", "chemicals", "ammonia", "hydrogen", "ethylene": return "chemical"
        default: return nil
        }
    }

    /// An emergency-resource kind. OSM does not grade fire stations; they are taken as class 1 (一级站), the
    /// standard urban station, and can be regraded in the data.
    static func resourceKind(_ t: [String: String]) -> String? {
        if t["amenity"] == "fire_station" { return "fire_station_1" }
        if t["emergency"] == "assembly_point" { return "shelter_emergency" }
        return nil
    }

    static func isWanted(_ t: [String: String]) -> Bool {
        roadClass(t) != nil || siteCategory(t) != nil || riskSourceSector(t) != nil || t["man_made"] == "pipeline"
            || resourceKind(t) != nil
    }
}
