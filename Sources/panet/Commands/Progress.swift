import DatasetCatalog
#if canImport(Glibc)
import Glibc
#endif

/// Shows a `ProgressMeter` on stderr: rewritten in place on a terminal, a line at a time otherwise.
final class ProgressDisplay {
    private var meter: ProgressMeter
    private let isTerminal = isatty(2) != 0
    /// False when nothing is shown.
    let isEnabled: Bool
    private var isLineOpen = false

    /// Progress of `label`, shown when `requested` (`--progress`), or when stderr is a terminal
    /// unless `terminalBusy` (the records themselves go to that terminal) or `quiet`.
    init(label: String, requested: Bool, terminalBusy: Bool = false, quiet: Bool = false) {
        meter = ProgressMeter(label: "panet: \(label)")
        isEnabled = !quiet && (requested || (isatty(2) != 0 && !terminalBusy))
    }

    /// Shows the progress after `count` records (of `total` when known), at most a few times a second.
    func update(count: Int, total: Int? = nil, detail: String? = nil) {
        guard isEnabled, let line = meter.line(count: count, total: total, detail: detail) else { return }
        show(line)
    }

    /// Shows the closing line and ends the one being rewritten.
    func finish(count: Int, detail: String? = nil) {
        guard isEnabled else { return }
        show(meter.finalLine(count: count, detail: detail))
        if isTerminal { writeAll(2, "\n") }
        isLineOpen = false
    }

    private func show(_ line: String) {
        if isTerminal {
            writeAll(2, "\r\u{1B}[K" + line)
            isLineOpen = true
        } else {
            writeAll(2, line + "\n")
        }
    }

    deinit {
        if isLineOpen { writeAll(2, "\n") }
    }
}
