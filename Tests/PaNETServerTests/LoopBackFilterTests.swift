import DatasetCatalog
import Foundation
import Hummingbird
import HummingbirdTesting
import PaNETServer
import Testing

/// The LoopBack filter keys and the query-string bracket form on the pan-ontologies-api routes.
@Suite("LoopBack filters")
struct LoopBackFilterTests {
    static let xes = "http://purl.org/pan-science/PaNET/PaNET01200"

    func find(_ client: some TestClientProtocol, filter: String) async throws -> Reply {
        try await client.fetch("/techniques?filter=\(encoded(filter))")
    }

    func names(_ reply: Reply) -> [String] {
        reply.json?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
    }

    func keys(_ record: JSONValue) -> [String] {
        if case .object(let members) = record { return members.map(\.0) }
        return []
    }

    /// Whether `lhs` comes before `rhs` in Unicode scalar order.
    func before(_ lhs: String, _ rhs: String) -> Bool {
        lhs.unicodeScalars.lexicographicallyPrecedes(rhs.unicodeScalars)
    }

    @Test func orderAscendingAndDescending() async throws {
        let served = try Fixture.ontology()
        try await Fixture.app().test(.router) { client in
            let ascending = try await find(client, filter: #"{"order":"name ASC"}"#)
            #expect(ascending.status == .ok, "\(ascending.text)")
            let up = names(ascending)
            #expect(up.count == served.classified.ownClassIDs.count)
            #expect(zip(up, up.dropFirst()).allSatisfy { !before($1, $0) })
            let unordered = names(try await find(client, filter: "{}"))
            #expect(up != unordered)
            #expect(Set(up) == Set(unordered))

            let implicit = try await find(client, filter: #"{"order":"name"}"#)
            #expect(implicit.json == ascending.json)

            let descending = try await find(client, filter: #"{"order":"name desc","limit":5}"#)
            #expect(names(descending) == Array(up.reversed().prefix(5)))

            let byPid = try await find(client, filter: #"{"order":["pid DESC"],"skip":1,"limit":3}"#)
            let pids = try #require(byPid.json?.arrayValue?.compactMap { $0["pid"]?.stringValue })
            let allPids = served.classified.ownClassIDs.map { served.classified.ontology[$0].iri }.sorted { before($1, $0) }
            #expect(pids == Array(allPids.dropFirst().prefix(3)))
        }
    }

    @Test func orderByTwoKeys() async throws {
        try await Fixture.app().test(.router) { client in
            for (secondKey, descending) in [("pid DESC", true), ("pid ASC", false)] {
                let reply = try await find(client, filter: #"{"order":["name ASC","\#(secondKey)"]}"#)
                #expect(reply.status == .ok, "\(reply.text)")
                let rows = try #require(reply.json?.arrayValue).compactMap { row -> (String, String)? in
                    guard let name = row["name"]?.stringValue, let pid = row["pid"]?.stringValue else { return nil }
                    return (name, pid)
                }
                let pairs = Array(zip(rows, rows.dropFirst()))
                // Labels shared by a technique and its specifier make ties on the first key.
                let ties = pairs.filter { $0.0.0 == $0.1.0 }
                #expect(!ties.isEmpty)
                #expect(pairs.allSatisfy { !before($0.1.0, $0.0.0) })
                #expect(ties.allSatisfy { descending ? before($0.1.1, $0.0.1) : before($0.0.1, $0.1.1) }, "\(secondKey)")
            }
            let commaSeparated = try await find(client, filter: #"{"order":"name ASC, pid DESC"}"#)
            let array = try await find(client, filter: #"{"order":["name ASC","pid DESC"]}"#)
            #expect(commaSeparated.json == array.json)
        }
    }

    @Test(arguments: [
        (#"{"order":"name UP"}"#, "invalid direction 'UP'"),
        (#"{"order":"title ASC"}"#, "cannot order by 'title'"),
        (#"{"order":"synonym DESC"}"#, "cannot order by 'synonym'"),
        (#"{"order":"name ASC extra"}"#, "invalid order 'name ASC extra'"),
        (#"{"order":{"name":"ASC"}}"#, "'order' must be a string"),
    ])
    func badOrder(_ filter: String, _ message: String) async throws {
        try await Fixture.app().test(.router) { client in
            let reply = try await find(client, filter: filter)
            #expect(reply.status == .badRequest)
            #expect(reply.errorMessage?.contains(message) == true, "\(reply.text)")
        }
    }

    @Test func fieldsIncludeExcludeAndArray() async throws {
        try await Fixture.app().test(.router) { client in
            let included = try await find(client, filter: #"{"fields":{"name":true,"pid":true},"limit":4}"#)
            #expect(included.status == .ok)
            let records = try #require(included.json?.arrayValue)
            #expect(records.count == 4)
            #expect(records.allSatisfy { keys($0) == ["pid", "name"] })

            let excluded = try await find(client, filter: #"{"fields":{"synonym":false},"limit":4}"#)
            #expect(excluded.json?.arrayValue?.allSatisfy {
                keys($0) == ["pid", "name", "relatives", "children", "parents", "createdAt"]
            } == true)

            let array = try await find(client, filter: #"{"fields":["name","pid"],"limit":4}"#)
            #expect(array.json == included.json)

            let mixed = try await find(client, filter: #"{"fields":{"name":true,"synonym":false},"limit":4}"#)
            #expect(mixed.json?.arrayValue?.allSatisfy { keys($0) == ["name"] } == true)

            let one = try await client.fetch("/techniques/\(encoded(Self.xes))?filter=\(encoded(#"{"fields":{"synonym":true}}"#))")
            #expect(one.json == .object([("synonym", .array([.string("XES")]))]))

            let unknown = try await find(client, filter: #"{"fields":{"title":true}}"#)
            #expect(unknown.status == .badRequest)
            #expect(unknown.errorMessage?.contains("unknown property 'title'") == true)
        }
    }

    @Test func includeIsRejectedUnlessEmpty() async throws {
        try await Fixture.app().test(.router) { client in
            for (filter, relation) in [(#"{"include":["parents"]}"#, "parents"), (#"{"include":"owner"}"#, "owner"),
                                       (#"{"include":[{"relation":"children","scope":{}}]}"#, "children")] {
                let reply = try await find(client, filter: filter)
                #expect(reply.status == .badRequest, "\(filter)")
                #expect(reply.errorMessage == "relation '\(relation)' is not defined for Technique", "\(filter)")
            }
            let bracket = try await client.fetch("/techniques?filter[include]=parents")
            #expect(bracket.errorMessage == "relation 'parents' is not defined for Technique")
            let empty = try await find(client, filter: #"{"include":[],"limit":2}"#)
            #expect(empty.status == .ok)
            #expect(empty.json?.arrayValue?.count == 2)
        }
    }

    /// Each pair: a query in bracket form and the same query in JSON form.
    static let equivalentQueries: [(String, String)] = [
        ("/techniques?filter[where][synonym]=SAXS",
         "/techniques?filter=" + encoded(#"{"where":{"synonym":"SAXS"}}"#)),
        ("/techniques?filter%5Bwhere%5D%5Bname%5D%5Blike%5D=%25diffraction%25&filter%5Blimit%5D=5&filter%5Bskip%5D=2",
         "/techniques?filter=" + encoded(#"{"where":{"name":{"like":"%diffraction%"}},"limit":5,"skip":2}"#)),
        ("/techniques?filter[order]=name%20DESC&filter[limit]=7",
         "/techniques?filter=" + encoded(#"{"order":"name DESC","limit":7}"#)),
        ("/techniques?filter[order][0]=name%20ASC&filter[order][1]=pid%20DESC&filter[limit]=30",
         "/techniques?filter=" + encoded(#"{"order":["name ASC","pid DESC"],"limit":30}"#)),
        ("/techniques?filter[fields][name]=true&filter[fields][synonym]=true&filter[limit]=3",
         "/techniques?filter=" + encoded(#"{"fields":{"name":true,"synonym":true},"limit":3}"#)),
        ("/techniques?filter[fields][synonym]=false&filter[offset]=4&filter[limit]=3",
         "/techniques?filter=" + encoded(#"{"fields":{"synonym":false},"offset":4,"limit":3}"#)),
        ("/techniques/count?where[synonym]=SAXS",
         "/techniques/count?where=" + encoded(#"{"synonym":"SAXS"}"#)),
        ("/techniques/count?where[name][neq]=SAXS",
         "/techniques/count?where=" + encoded(#"{"name":{"neq":"SAXS"}}"#)),
        ("/techniques/pan-ontology?where[name]=small%20angle%20scattering",
         "/techniques/pan-ontology?where=" + encoded(#"{"name":"small angle scattering"}"#)),
        ("/techniques/pan-ontology?where[or][0][name]=SAXS&where[or][1][pid]=" + encoded(xes),
         "/techniques/pan-ontology?where=" + encoded(#"{"or":[{"name":"SAXS"},{"pid":"\#(xes)"}]}"#)),
        ("/techniques/pan-ontology?where[name][neq]=x-ray%20probe",
         "/techniques/pan-ontology?where=" + encoded(#"{"name":{"neq":"x-ray probe"}}"#)),
        ("/techniques/pan-ontology?where[pid][inq][0]=" + encoded(xes) + "&where[pid][inq][1]=PaNET01188",
         "/techniques/pan-ontology?where=" + encoded(#"{"pid":{"inq":["\#(xes)","PaNET01188"]}}"#)),
        ("/techniques/count?where[pid][inq][]=" + encoded(xes) + "&where[pid][inq][]=PaNET01188",
         "/techniques/count?where=" + encoded(#"{"pid":{"inq":["\#(xes)","PaNET01188"]}}"#)),
    ]

    @Test(arguments: equivalentQueries)
    func bracketFormEqualsJSONForm(_ bracket: String, _ json: String) async throws {
        try await Fixture.app().test(.router) { client in
            let fromBrackets = try await client.fetch(bracket)
            let fromJSON = try await client.fetch(json)
            #expect(fromJSON.status == .ok, "\(json): \(fromJSON.text)")
            #expect(fromBrackets.status == .ok, "\(bracket): \(fromBrackets.text)")
            let answer = try #require(fromJSON.json)
            #expect(answer != .array([]) && answer != .object([("count", .number("0"))]), "\(json) answers nothing")
            #expect(fromBrackets.json == answer, "\(bracket)")
        }
    }

    @Test func bracketValuesAreTyped() async throws {
        try await Fixture.app().test(.router) { client in
            let limited = try await client.fetch("/techniques?filter[limit]=2&filter[skip]=1")
            #expect(limited.json?.arrayValue?.count == 2)
            let badLimit = try await client.fetch("/techniques?filter[limit]=two")
            #expect(badLimit.status == .badRequest)
            #expect(badLimit.errorMessage?.contains("'limit' must be a non-negative integer") == true)
            let badFlag = try await client.fetch("/techniques?filter[fields][name]=yes")
            #expect(badFlag.status == .badRequest)
            #expect(badFlag.errorMessage?.contains("true or false") == true)
        }
    }

    @Test(arguments: [
        "/techniques?filter=\(encoded(#"{"limit":2}"#))&filter[limit]=3",
        "/techniques/count?where=\(encoded(#"{"name":"SAXS"}"#))&where[name]=XES",
        "/techniques/pan-ontology?where[name]=SAXS&where=\(encoded(#"{"name":"SAXS"}"#))",
    ])
    func bothFormsAreRejected(_ uri: String) async throws {
        try await Fixture.app().test(.router) { client in
            let reply = try await client.fetch(uri)
            #expect(reply.status == .badRequest)
            #expect(reply.errorMessage?.contains("either as JSON or in the bracket form") == true, "\(reply.text)")
        }
    }

    @Test(arguments: ["/techniques?filter[where=x", "/techniques?filter[where]x=1", "/techniques/count?where[name]=a&where[name][eq]=b",
                      "/techniques?filter[order][]=name&filter[order][x]=pid"])
    func malformedBracketsAreRejected(_ uri: String) async throws {
        try await Fixture.app().test(.router) { client in
            let reply = try await client.fetch(uri)
            #expect(reply.status == .badRequest, "\(uri)")
            #expect(reply.errorMessage != nil, "\(uri)")
        }
    }
}
