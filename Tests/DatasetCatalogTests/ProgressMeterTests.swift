import DatasetCatalog
import Testing

@Suite("Progress lines")
struct ProgressMeterTests {
    /// A clock the test moves by hand.
    final class FakeClock {
        var seconds = 100.0
    }

    @Test("At most one line per interval, with the rate, the share done and the time left")
    func throttledLines() {
        let clock = FakeClock()
        var meter = ProgressMeter(label: "reindex", interval: 0.5, now: { clock.seconds })
        var lines: [String] = []
        for step in 1...16 {
            clock.seconds += 0.125
            if let line = meter.line(count: step * 1_000, total: 32_000) { lines.append(line) }
        }
        #expect(lines == [
            "reindex: 4,000 records, 8,000 records/s, 12% of 32,000, about 3.5 s left",
            "reindex: 8,000 records, 8,000 records/s, 25% of 32,000, about 3.0 s left",
            "reindex: 12,000 records, 8,000 records/s, 37% of 32,000, about 2.5 s left",
            "reindex: 16,000 records, 8,000 records/s, 50% of 32,000, about 2.0 s left",
        ])
        #expect(meter.finalLine(count: 16_000, detail: "3 pages") == "reindex: 3 pages, 16,000 records in 2.0 s, 8,000 records/s")
        var unknown = ProgressMeter(label: "annotate", interval: 0.5, now: { clock.seconds })
        clock.seconds += 120
        #expect(unknown.line(count: 1_234_567) == "annotate: 1,234,567 records, 10,288 records/s")
    }
}
