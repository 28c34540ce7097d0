import GeoKit
import Store
import Testing

@Suite struct FeatureGeoJSONTests {
    @Test func aGeoJSONBodyBecomesAStoreFeature() throws {
        let body = #"{"type":"Feature","id":7,"geometry":{"type":"Point","coordinates":[120.6,31.3]},"properties":{"name":"学校","capacity":2400,"open":true,"ratio":0.5,"tags":["a",1],"x":null}}"#
        let f = Feature(geoJSON: try GeoJSON.feature(bytes: Array(body.utf8)))
        #expect(f.id == 7)
        #expect(f.geometry == .point(Coordinate(120.6, 31.3)))
        #expect(f.properties == ["name": "学校", "capacity": 2400, "open": 1, "ratio": 0.5, "tags": "[\"a\",1]", "x": nil])
        #expect(Feature(geoJSON: GeoJSON.Feature(id: .string("a"), geometry: nil, properties: [:])).id == nil)
    }
}
