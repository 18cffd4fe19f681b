import DatasetCatalog
import Foundation
import Hummingbird
import HummingbirdTesting
import PaNETServer
import Testing

/// Methods a known path does not take: 405 with `Allow`; unknown paths stay 404.
@Suite("405 Method Not Allowed")
struct MethodNotAllowedTests {
    @Test(arguments: ["/api/techniques/SAXS", "/api/techniques/PaNET01200/parents", "/techniques", "/techniques/count",
                      "/techniques/pan-ontology", "/api/expand", "/health", "/"])
    func getRoutesRefuseOtherMethods(_ path: String) async throws {
        try await Fixture.app().test(.router) { client in
            for method in [HTTPRequest.Method.post, .put, .delete, .patch] {
                let reply = try await client.fetch(path, method: method, headers: [.contentType: "application/json"], body: "{}")
                #expect(reply.status == .methodNotAllowed, "\(method) \(path)")
                #expect(reply.headers[.allow] == "GET, HEAD", "\(method) \(path)")
                #expect(reply.errorMessage?.contains("method \(method.rawValue) is not allowed") == true, "\(method) \(path): \(reply.text)")
                #expect(reply.contentType?.hasPrefix("application/json") == true)
            }
        }
    }

    @Test func allowListsEveryMethodOfThePath() async throws {
        try await Fixture.app().test(.router) { client in
            let sparql = try await client.fetch("/sparql", method: .put)
            #expect(sparql.status == .methodNotAllowed)
            #expect(sparql.headers[.allow] == "GET, HEAD, POST")
            #expect(sparql.errorMessage != nil)
            let annotate = try await client.fetch("/api/annotate", method: .get)
            #expect(annotate.status == .methodNotAllowed)
            #expect(annotate.headers[.allow] == "POST")
        }
    }

    @Test func headIsServedWhereAllowed() async throws {
        try await Fixture.app().test(.router) { client in
            let head = try await client.fetch("/techniques/count", method: .head)
            #expect(head.status == .ok)
            #expect(head.text.isEmpty)
        }
    }

    @Test func unknownPathsStayNotFound() async throws {
        try await Fixture.app().test(.router) { client in
            for method in [HTTPRequest.Method.get, .post, .delete] {
                let reply = try await client.fetch("/no/such/path", method: method)
                #expect(reply.status == .notFound, "\(method)")
                #expect(reply.headers[.allow] == nil)
                #expect(reply.errorMessage != nil)
            }
            let unknownTerm = try await client.fetch("/api/techniques/no-such-technique-anywhere")
            #expect(unknownTerm.status == .notFound)
        }
    }
}
