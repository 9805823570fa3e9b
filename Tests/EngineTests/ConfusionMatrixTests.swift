// ConfusionMatrixTests: counting, recall, and which mistakes are the most common (ties included).

import Testing
@testable import Engine

@Suite struct ConfusionMatrixTests {
    /// truth → predicted: 0→0 ×3, 0→1 ×2, 1→1, 1→2 ×2, 2→0 ×2, 2→2.
    let matrix = ConfusionMatrix(truth: [0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2],
                                 predicted: [0, 0, 0, 1, 1, 1, 2, 2, 0, 0, 2], classes: 3)

    @Test func countsRecallAndAccuracy() {
        #expect(matrix.counts == [[3, 2, 0], [0, 1, 2], [2, 0, 1]])
        #expect(matrix.total == 11 && matrix.correct == 5)
        #expect(matrix.accuracy == 5.0 / 11.0)
        #expect(matrix.recall(0) == 3.0 / 5.0)
        #expect(matrix.recall(1) == 1.0 / 3.0)
        #expect(ConfusionMatrix(classes: 2).recall(1) == 0)     // no samples of the class: 0, not NaN
    }

    /// Three mistakes happen twice each: ties go to the smaller true class, then the smaller prediction.
    @Test func mostCommonMistakesBreakTiesByClass() {
        let mistakes = matrix.mostCommonMistakes(5)
        #expect(mistakes.map(\.truth) == [0, 1, 2])
        #expect(mistakes.map(\.predicted) == [1, 2, 0])
        #expect(mistakes.map(\.count) == [2, 2, 2])
        #expect(matrix.mostCommonMistakes(1).map(\.truth) == [0])
        // A larger count comes first whatever its classes; the diagonal is never a mistake.
        let skewed = ConfusionMatrix(truth: [2, 2, 2, 0, 1, 1, 1, 1], predicted: [1, 1, 1, 2, 1, 1, 1, 1], classes: 3)
        #expect(skewed.mostCommonMistakes(3).map { [$0.truth, $0.predicted, $0.count] } == [[2, 1, 3], [0, 2, 1]])
    }
}
