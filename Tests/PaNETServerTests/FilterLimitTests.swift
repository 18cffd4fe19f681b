import DatasetCatalog
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import PaNETServer
import Testing

/// LoopBack filters stay cheap: patterns match in bounded time, and filters past the limits are a 400.
@Suite("LoopBack filter limits")
struct FilterLimitTests {
    /// SQL LIKE by dynamic programming over the whole table: the reference the matcher is checked against.
    static func referenceLike(_ text: String, _ pattern: String) -> Bool {
        let subject = Array(text), pattern = Array(pattern)
        var row = [Bool](repeating: false, count: subject.count + 1)
        row[0] = true
        for element in pattern {
            var next = [Bool](repeating: false, count: subject.count + 1)
            for i in 0...subject.count {
                switch element {
                case "%": next[i] = row[i] || (i > 0 && next[i - 1])
                case "_": next[i] = i > 0 && row[i - 1]
                default: next[i] = i > 0 && row[i - 1] && subject[i - 1] == element
                }
            }
            row = next
        }
        return row[subject.count]
    }

    @Test("The LIKE matcher agrees with the reference on generated patterns")
    func likeMatchesReference() throws {
        var generator = SystemRandomNumberGenerator()
        let patternAlphabet: [Character] = ["a", "b", "%", "_"], textAlphabet: [Character] = ["a", "b"]
        for _ in 0..<4_000 {
            let pattern = String((0..<Int.random(in: 0...7, using: &generator)).map { _ in patternAlphabet.randomElement(using: &generator)! })
            let text = String((0..<Int.random(in: 0...7, using: &generator)).map { _ in textAlphabet.randomElement(using: &generator)! })
            let compiled = try LikePattern(pattern, caseInsensitive: false)
            #expect(compiled.matches(text) == Self.referenceLike(text, pattern), "'\(text)' like '\(pattern)'")
        }
        #expect(try LikePattern("%DIFFRACTION", caseInsensitive: true).matches("X-ray Diffraction"))
        #expect(try !LikePattern("%DIFFRACTION", caseInsensitive: false).matches("X-ray Diffraction"))
    }

    @Test("A long run of % and an adversarial pattern match in linear time")
    func likeIsLinear() throws {
        let text = String(repeating: "a", count: 5_000)
        let started = ContinuousClock.now
        #expect(try LikePattern(String(repeating: "%", count: 1_000), caseInsensitive: false).matches(text))
        #expect(try !LikePattern(String(repeating: "%a", count: 499) + "%b", caseInsensitive: false).matches(text))
        #expect(try !LikePattern("%" + String(repeating: "a", count: 998) + "b", caseInsensitive: false)
            .matches(String(repeating: "a", count: 900)))
        #expect(ContinuousClock.now - started < .seconds(2))
    }

    @Test("Patterns, inq lists and nesting past the limits are refused with a 400")
    func limitsAreRefused() async throws {
        let nested = String(repeating: #"{"or":["#, count: 40) + #"{"name":"SAXS"}"# + String(repeating: "]}", count: 40)
        let cases: [(String, String)] = [
            (#"{"where":{"name":{"like":"\#(String(repeating: "%", count: 3_000))"}}}"#, "like pattern too long"),
            (#"{"where":{"pid":{"inq":[\#((0..<1_001).map { "\"p\($0)\"" }.joined(separator: ","))]}}}"#, "'inq' list too long"),
            (#"{"where":\#(nested)}"#, "nested too deeply"),
        ]
        try await Fixture.app().test(.router) { client in
            for (filter, message) in cases {
                let reply = try await client.fetch("/techniques?filter=\(encoded(filter))")
                #expect(reply.status == .badRequest, "\(filter.prefix(80))")
                #expect(reply.errorMessage?.contains(message) == true, "\(reply.text)")
            }
            let count = try await client.fetch("/techniques/count?where=\(encoded(#"{"name":{"ilike":"\#(String(repeating: "%", count: 1_001))"}}"#))")
            #expect(count.status == .badRequest)
            let rewritten = try await client.fetch("/techniques/pan-ontology?where=\(encoded(nested))")
            #expect(rewritten.status == .badRequest)
            #expect(rewritten.errorMessage?.contains("nested too deeply") == true, "\(rewritten.text)")
            let allowed = try await client.fetch(
                "/techniques/count?where=\(encoded(#"{"name":{"like":"\#(String(repeating: "%", count: 1_000))"}}"#))")
            let all = try await client.fetch("/techniques/count")
            #expect(allowed.json?["count"]?.int == all.json?["count"]?.int, "\(allowed.text)")
        }
    }

    @Test("Heavy filters do not hold up /health")
    func heavyFiltersLeaveHealthAnswering() throws {
        let server = try ServerProcess(["--no-access-log"])
        defer { server.stop() }
        let pattern = "%" + String(repeating: "_%", count: 40) + "x"
        let branches = Array(repeating: #"{"relatives":{"ilike":"\#(pattern)"}}"#, count: 250).joined(separator: ",")
        let path = "/techniques/count?where=" + encoded(#"{"or":[\#(branches)]}"#)
        let heavy = DispatchGroup()
        let finished = LockedText()
        for _ in 0..<2 {
            DispatchQueue.global().async(group: heavy) {
                if let reply = try? server.get(path, timeout: 120) { finished.append(Data("\(reply.status) ".utf8)) }
            }
        }
        // Give both heavy requests time to reach the server (each takes seconds in a debug build).
        Thread.sleep(forTimeInterval: 1)
        let started = ContinuousClock.now
        let health = try server.get("/health")
        let waited = ContinuousClock.now - started
        heavy.wait()
        #expect(health.status == 200)
        #expect(waited < .milliseconds(500), "/health took \(waited) behind two heavy filters")
        #expect(finished.value == "200 200 ", "the heavy filters did not finish after /health: \(finished.value)")
    }
}
