// TransferLearningTests: swapping the output layer, freezing, fresh copies, on small toy data.

import Testing
@testable import Engine

@Suite struct TransferLearningTests {
    /// A small trained-looking base: 20 inputs → 8 hidden → 3 classes.
    func smallBase() -> Sequential {
        var rng = SeededRandom(seed: 5)
        return Sequential(mlp: [20, 8, 3], activation: .relu, rng: &rng)
    }

    func toyData(classes: Int, count: Int, seed: UInt64) -> MatrixBatchSource {
        var rng = SeededRandom(seed: seed)
        let labels = (0..<count).map { $0 % classes }
        var x = rng.normalMatrix(rows: count, cols: 20, std: 0.3)
        for (i, c) in labels.enumerated() { x[i, c] += 2 }
        return MatrixBatchSource(x: x, labels: labels)
    }

    @Test func frozenHiddenLayerStaysBitForBitAndOnlyTheNewLayerLearns() throws {
        let base = smallBase()
        let pretrained = base.denseLayers[0]
        let (w0, b0) = (pretrained.weights.value, pretrained.bias.value)
        var rng = SeededRandom(seed: 9)
        let swapped = base.swappingOutputLayer(classes: 4, freeze: true, rng: &rng)
        let hidden = swapped.denseLayers[0], output = swapped.denseLayers[1]
        #expect(hidden.weights.isFrozen && hidden.bias.isFrozen)
        #expect(!output.weights.isFrozen && !output.bias.isFrozen)
        #expect(output.outputCount == 4 && output.inputCount == 8)
        let trainable: Int = swapped.trainableParameters.map { $0.value.count }.reduce(0, +)
        #expect(trainable == 36)
        let outputBefore = output.weights.value
        try swapped.train(on: toyData(classes: 4, count: 64, seed: 3), optimizer: Adam(learningRate: 0.01),
                  config: TrainingConfig(epochs: 5, batchSize: 16), rng: &rng)
        let weightBits: [UInt32] = hidden.weights.value.data.map { $0.bitPattern }
        let biasBits: [UInt32] = hidden.bias.value.data.map { $0.bitPattern }
        #expect(weightBits == w0.data.map { $0.bitPattern })
        #expect(biasBits == b0.data.map { $0.bitPattern })
        #expect(output.weights.value != outputBefore)
        // The base network itself is untouched, even by fine-tuning a copy.
        let tuned = base.swappingOutputLayer(classes: 4, freeze: false, rng: &rng)
        try tuned.train(on: toyData(classes: 4, count: 64, seed: 4), optimizer: Adam(learningRate: 0.01),
                  config: TrainingConfig(epochs: 3, batchSize: 16), rng: &rng)
        #expect(tuned.denseLayers[0].weights.value != w0)
        #expect(pretrained.weights.value == w0)
    }

    @Test func freshCopyHasTheSameShapesAndNewWeights() {
        var rng = SeededRandom(seed: 1)
        let base = smallBase()
        let fresh = base.freshCopy(classes: 5, rng: &rng)
        let sizes: [Int] = fresh.denseLayers.map { $0.outputCount }
        #expect(sizes == [8, 5])
        #expect(fresh.denseLayers[0].weights.value != base.denseLayers[0].weights.value)
    }
}
