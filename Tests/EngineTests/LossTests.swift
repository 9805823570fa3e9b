import Foundation
import Testing
@testable import Engine

@Suite struct LossTests {
    @Test func meanSquaredErrorExample() {
        // Victor Zhou's example: y_true = [1, 0, 0, 1], y_pred all 0 → 0.5.
        #expect(meanSquaredError(yTrue: [1, 0, 0, 1], yPred: [0, 0, 0, 0]) == 0.5)
        let yTrue = Matrix([[1, 0], [0, 1]])
        let yPred = Matrix(rows: 2, cols: 2)
        #expect(meanSquaredError(yTrue: yTrue, yPred: yPred) == 0.5)
        // d/dŷ of mean (y − ŷ)² = 2(ŷ − y)/n.
        #expect(meanSquaredErrorGradient(yTrue: yTrue, yPred: yPred).data == [-0.5, 0, 0, -0.5])
    }

    @Test func crossEntropyKnownValues() {
        // Deep Learning from Scratch §4.2.2: the right class (2) at 0.6 costs −log 0.6.
        let p = Matrix(row: [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
        #expect(abs(categoricalCrossEntropy(probabilities: p, labels: [2]) - 0.5108256) < 1e-6)
        #expect(abs(categoricalCrossEntropy(probabilities: p, labels: [7]) - 2.3025851) < 1e-6)
        // A probability of 0 is clamped: large but finite.
        let zero = categoricalCrossEntropy(probabilities: p, labels: [3])
        #expect(zero.isFinite && abs(zero - 16.118095) < 1e-3)

        // Binary: −[log 0.9 + log(1 − 0.2)] / 2.
        let bce = binaryCrossEntropy(probabilities: Matrix(row: [0.9, 0.2]), targets: Matrix(row: [1, 0]))
        #expect(abs(bce - 0.16425204) < 1e-6)
        #expect(binaryCrossEntropy(probabilities: Matrix(row: [0, 1]), targets: Matrix(row: [1, 0])).isFinite)
    }

    @Test func softmaxCrossEntropyKnownValuesAndStability() {
        let even = softmaxCrossEntropy(logits: Matrix(row: [0, 0]), labels: [0])
        #expect(abs(even.loss - 0.6931472) < 1e-6)
        #expect(even.dLogits.data == [-0.5, 0.5])

        let small = softmaxCrossEntropy(logits: Matrix(row: [0, 1, 2]), labels: [2])
        #expect(abs(small.loss - 0.40760596) < 1e-6)
        for logits in [Matrix(row: [1000, 1001, 1002]), Matrix(row: [-1000, -999, -998])] {
            let big = softmaxCrossEntropy(logits: logits, labels: [2])
            #expect(big.loss.isFinite && abs(big.loss - small.loss) < 1e-5)
            #expect(big.dLogits.isFinite)
            for (a, b) in zip(big.dLogits.data, small.dLogits.data) { #expect(abs(a - b) < 1e-6) }
        }
        // A confidently wrong answer: loss = 1000, finite.
        let wrong = softmaxCrossEntropy(logits: Matrix(row: [1000, 0]), labels: [1])
        #expect(wrong.loss == 1000)

        // Agrees with softmax followed by categorical cross-entropy, and is a mean over the batch.
        let logits = Matrix([[0.5, -1, 2], [3, 0.1, -0.4]])
        let fused = softmaxCrossEntropy(logits: logits, labels: [2, 1])
        let separate = categoricalCrossEntropy(probabilities: softmax(logits), labels: [2, 1])
        #expect(abs(fused.loss - separate) < 1e-6)
        let expected = softmax(logits) - Matrix([[0, 0, 1], [0, 1, 0]])
        for (a, b) in zip(fused.dLogits.data, expected.data) { #expect(abs(a - b / 2) < 1e-7) }
    }

    @Test func lossFunctionsForTraining() {
        let output = Matrix([[0.2, 0.7], [0.9, 0.1]])
        let mse = LossFunction.meanSquaredErrorOneHot(output, [1, 0])
        #expect(abs(mse.loss - (0.04 + 0.09 + 0.01 + 0.01) / 4) < 1e-7)
        let ce = LossFunction.softmaxWithCrossEntropy(output, [1, 0])
        #expect(ce.loss == softmaxCrossEntropy(logits: output, labels: [1, 0]).loss)
    }
}
