#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decides when a long run (annotating into the index, harvesting, re-indexing) reports progress,
/// and words the line: records so far, the rate, and, when the total is known, the share done and
/// the time left. At most one line per `interval`, the first after one `interval`.
public struct ProgressMeter {
    /// What is running (`annotate`, `harvest`, `reindex`).
    public let label: String
    /// The least time between two lines, in seconds.
    public let interval: Double
    private let now: () -> Double
    private let start: Double
    private var lastLine: Double

    /// A meter starting now.
    ///
    /// - Parameters:
    ///   - label: What is running.
    ///   - interval: The least time between two lines, in seconds.
    ///   - now: The clock, in seconds (monotonic by default).
    public init(label: String, interval: Double = 0.5, now: @escaping () -> Double = ProgressMeter.monotonicSeconds) {
        self.label = label
        self.interval = interval
        self.now = now
        start = now()
        lastLine = start
    }

    /// The line to show after `count` records (of `total` when known), or nil when the last line was
    /// shown less than `interval` ago.
    public mutating func line(count: Int, total: Int? = nil, detail: String? = nil) -> String? {
        let time = now()
        guard time - lastLine >= interval else { return nil }
        lastLine = time
        return describe(count: count, total: total, detail: detail, elapsed: time - start, isFinal: false)
    }

    /// The closing line: how many records in how long.
    public func finalLine(count: Int, detail: String? = nil) -> String {
        describe(count: count, total: nil, detail: detail, elapsed: now() - start, isFinal: true)
    }

    private func describe(count: Int, total: Int?, detail: String?, elapsed: Double, isFinal: Bool) -> String {
        var text = "\(label): "
        if let detail { text += "\(detail), " }
        text += "\(ProgressMeter.grouped(count)) records"
        if isFinal { text += " in \(ProgressMeter.duration(elapsed))" }
        let rate = elapsed > 0 ? Double(count) / elapsed : 0
        text += ", \(ProgressMeter.grouped(Int(rate.rounded()))) records/s"
        if let total, total > 0 {
            text += ", \(min(100, count * 100 / total))% of \(ProgressMeter.grouped(total))"
            if rate > 0 && count < total {
                text += ", about \(ProgressMeter.duration(Double(total - count) / rate)) left"
            }
        }
        return text
    }

    /// `1234567` as `1,234,567`.
    static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var result = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { result += "," }
            result.append(digit)
        }
        return number < 0 ? "-" + result : result
    }

    /// Seconds as `0.4 s`, `45 s`, `12 min` or `2 h 5 min`.
    static func duration(_ seconds: Double) -> String {
        if seconds < 10 { return "\((seconds * 10).rounded() / 10) s" }
        if seconds < 90 { return "\(Int(seconds.rounded())) s" }
        let minutes = Int((seconds / 60).rounded())
        if minutes < 90 { return "\(minutes) min" }
        return "\(minutes / 60) h \(minutes % 60) min"
    }

    /// Seconds on the monotonic clock.
    public static func monotonicSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
