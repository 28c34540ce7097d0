import Foundation
import Testing
@testable import Service

/// The API document's media type follows what the client accepts: OpenAPI 3.1's own by default, plain JSON for
/// a client that asks for another OpenAPI version only (GDAL asks for 3.0 or JSON and refuses a 3.1 answer);
/// the conformance list claims no OpenAPI 3.0 it does not serve.
@Suite struct OpenAPIMediaTypeTests {
    @Test func theDocumentIsTypedAsTheClientCanTakeIt() throws {
        let server = try TestServer(demo: false)
        let plain = server.get("/openapi.json")
        #expect(plain.headers["content-type"] == OpenAPI.mediaType31 && plain.headers["vary"]?.contains("Accept") == true)
        let gdal = server.get("/openapi.json", headers: ["Accept": "application/vnd.oai.openapi+json;version=3.0, application/json"])
        #expect(gdal.status == 200 && gdal.headers["content-type"] == "application/json" && gdal.body == plain.body)
        let asks31 = server.get("/openapi.json", headers: ["Accept": "application/vnd.oai.openapi+json;version=3.1"])
        #expect(asks31.headers["content-type"] == OpenAPI.mediaType31)
        let classes = server.get("/conformance").object["conformsTo"] as? [String] ?? []
        #expect(!classes.isEmpty && !classes.contains { $0.hasSuffix("/oas30") })
    }
}
