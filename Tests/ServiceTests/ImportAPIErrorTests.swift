import Foundation
import Store
import Testing

/// Every error POST /imports can meet — in the CSV, in the import, in the projection — is a 4xx problem+json
/// that writes nothing, never a 500.
@Suite(.serialized) struct ImportAPIErrorTests {
    let server: TestServer
    let admin: String

    init() throws {
        server = try TestServer(demo: false)
        admin = try server.token(.admin)
    }

    /// Posts `body` and checks the answer is a client error in problem+json and that nothing was written.
    func refused(_ query: String, _ body: String, contentType: String = "text/csv", saying phrase: String,
                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try server.fingerprint()
        let r = server.request("POST", "/imports?" + query, headers: ["Content-Type": contentType, "Authorization": "Bearer \(admin)"],
                               body: Data(body.utf8))
        #expect((400...499).contains(r.status), "\(query): \(r.status) \(r.text.prefix(300))", sourceLocation: sourceLocation)
        #expect(r.headers["content-type"] == "application/problem+json", "\(query)", sourceLocation: sourceLocation)
        #expect(r.object["status"] as? Int == r.status, "\(query)", sourceLocation: sourceLocation)
        #expect(r.text.contains(phrase), "\(query): \(r.text.prefix(300))", sourceLocation: sourceLocation)
        #expect(try server.fingerprint() == before, "\(query) wrote something", sourceLocation: sourceLocation)
    }

    @Test func aMalformedCSVIsA400() throws {
        try refused("layer=sites&format=csv", "name,category,lon,lat\n\"一中\"x,school,120.6,31.3\n", saying: "closing quote")
        try refused("layer=sites&format=csv", "name,category,lon,lat\n\"一中,school,120.6,31.3\n", saying: "never ends")
    }

    @Test func aGeoJSONThatIsNotJSONIsA400() throws {
        try refused("layer=sites&format=geojson", "this is not JSON", contentType: "application/geo+json", saying: "after feature 0")
    }

    @Test func aColumnThatIsNotAFieldIsA400() throws {
        try refused("layer=sites&format=csv", "name,category,colour_of_door,lon,lat\n一中,school,red,120.6,31.3\n", saying: "colour_of_door")
    }

    @Test func aMappingOrCRSTheServerRefusesIsA400() throws {
        let csv = "name,category,lon,lat\n一中,school,120.6,31.3\n"
        // A shipped mapping made for another layer.
        try refused("layer=sites&format=csv&mapping=risk-register", csv, saying: "the mapping is for layer risks")
        // A PROJ string, which a request may not name.
        try refused("layer=sites&format=csv&crs=%2Bproj%3Dlonglat", csv, saying: "EPSG code")
        // An EPSG code PROJ does not know.
        try refused("layer=sites&format=csv&crs=EPSG:999999", csv, saying: "cannot be converted")
    }

    @Test func coordinatesPROJCannotConvertAreA422ListingTheRow() throws {
        // CGCS2000 / 3-degree Gauss-Kruger CM 120E in metres; a point a world away is beyond its inverse.
        try refused("layer=sites&format=csv&crs=EPSG:4549", "name,category,x,y\n一中,school,1e30,1e30\n", saying: "cannot be converted")
    }
}
