import Foundation
import Hummingbird
import HummingbirdTesting
import PaNETServer
import Testing

@Suite("Browser pages")
struct BrowserTests {
    @Test func homeAndSearch() async throws {
        try await Fixture.app().test(.router) { client in
            let home = try await client.fetch("/")
            #expect(home.status == .ok)
            #expect(home.contentType?.hasPrefix("text/html") == true)
            #expect(home.text.contains("id=\"q\""))
            #expect(home.text.contains("class=\"toggle\""))
            #expect(!home.text.contains("http://cdn") && !home.text.contains("https://cdn"))
            let search = try await client.fetch("/?q=xes")
            #expect(search.text.contains("/term/PaNET01200"))
            let script = try await client.fetch("/assets/panet.js")
            #expect(script.contentType?.hasPrefix("text/javascript") == true)
            #expect(try await client.fetch("/assets/panet.css").status == .ok)
        }
    }

    @Test func termPage() async throws {
        try await Fixture.app().test(.router) { client in
            let page = try await client.fetch("/term/PaNET01200")
            #expect(page.status == .ok)
            for expected in ["x-ray emission spectroscopy", "PaNET01200", "http://purl.org/pan-science/PaNET/PaNET01200", "XES",
                             "Paths to the root", "class=\"current\""] {
                #expect(page.text.contains(expected), "\(expected)")
            }
            let missing = try await client.fetch("/term/zzzzqqq")
            #expect(missing.status == .notFound)
            #expect(missing.contentType?.hasPrefix("text/html") == true)
            let fragment = try await client.fetch("/browse/children/PaNET01012")
            #expect(fragment.text.hasPrefix("<ul"))
            let escaped = try await client.fetch("/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
            #expect(!escaped.text.contains("<script>alert(1)</script>"))
        }
    }
}
