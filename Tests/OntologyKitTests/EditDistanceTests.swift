@testable import OntologyKit
import TestSupport
import Testing

@Suite("Edit distance behind the fuzzy search")
struct EditDistanceTests {
    /// The textbook optimal string alignment distance, one fresh table per call.
    static func referenceDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in stride(from: 1, through: a.count, by: 1) {
            for j in stride(from: 1, through: b.count, by: 1) {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }

    @Test("matches the textbook distance on random strings, reusing its rows; a cutoff only hides values below it")
    func randomStrings() {
        var generator = SeededGenerator(state: 11)
        var distance = EditDistance()
        let alphabet = Array("abcé ".unicodeScalars)
        for _ in 0..<3000 {
            let a = (0..<1 + generator.next(12)).map { _ in alphabet[generator.next(alphabet.count)] }
            let b = (0..<1 + generator.next(12)).map { _ in alphabet[generator.next(alphabet.count)] }
            let longer = max(a.count, b.count)
            let expected = abs(a.count - b.count) > longer / 3 + 1
                ? 0 : 1 - Double(Self.referenceDistance(a, b)) / Double(longer)
            #expect(distance.similarity(a, b) == expected, "\(String(String.UnicodeScalarView(a))) / \(String(String.UnicodeScalarView(b)))")
            let cut = distance.similarity(a, b, cutoff: 0.75)
            #expect(expected >= 0.75 ? cut == expected : cut < 0.75)
        }
    }

    @Test("transpositions count once; empty sides are dissimilar")
    func examples() {
        var distance = EditDistance()
        #expect(distance.similarity(Array("difraction".unicodeScalars), Array("diffraction".unicodeScalars)) == 1 - 1.0 / 11)
        #expect(distance.similarity(Array("sxas".unicodeScalars), Array("saxs".unicodeScalars)) == 0.75)
        #expect(distance.similarity([], Array("a".unicodeScalars)) == 0)
    }
}
