import GeoKit
import Routing

/// Isochrones as GeoJSON: a FeatureCollection of MultiPolygons, the longest time first (so a map drawing them
/// in order shows the nearer areas on top), with the number of sources that lay on a road.
public enum IsochroneGeoJSON {
    public static func write(_ isochrones: [Isochrone], sources: Int, into w: inout JSONWriter) {
        w.raw("{\"type\":\"FeatureCollection\",\"sources\":")
        w.number(Int64(sources))
        w.raw(",\"features\":")
        w.array(isochrones.sorted { $0.minutes > $1.minutes }) { w, i in
            w.raw("{\"type\":\"Feature\",\"geometry\":")
            w.geometry(.multiPolygon(i.polygons))
            w.raw(",\"properties\":{\"minutes\":")
            w.real(i.minutes)
            w.raw("}}")
        }
        w.byte(UInt8(ascii: "}"))
    }
}
