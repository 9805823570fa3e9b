// PyTorchGoldenTests: the engine against numbers recorded once from PyTorch 2.15 (CPU, float32), as
// micrograd and tinygrad check themselves against a trusted library. The values were printed by
//
//     z = torch.tensor([[2., -1., .5], [.1, .2, 3.], [-2., 4., 1.], [1000., 1001., 1002.]], requires_grad=True)
//     loss = torch.nn.functional.cross_entropy(z, torch.tensor([0, 2, 1, 0])); loss.backward()
//     w = torch.tensor([.5, -1.5, 2., 0.], requires_grad=True); opt = torch.optim.Adam([w], lr=1e-3)
//     for g in grads: opt.zero_grad(); w.grad = g.clone(); opt.step()       # and lr=1e-2, weight_decay=.1
//     X, W, b = …; Y = X @ W + b; Y.backward(dY)                             # X.grad, W.grad, b.grad
//
// Sums may be taken in another order than PyTorch takes them, so values agree to a few units in
// the last place of a Float, not bit for bit.

import Testing
@testable import Engine

@Suite struct PyTorchGoldenTests {
    /// |a − b| within a few Float roundings of the larger.
    func close(_ a: [Float], _ b: [Float], _ what: String) {
        #expect(a.count == b.count, "\(what): \(a.count) values against \(b.count)")
        for (x, y) in zip(a, b) {
            #expect(abs(x - y) <= 4e-7 * max(abs(x), abs(y)) + 1e-8, "\(what): \(x) against PyTorch's \(y)")
        }
    }

    @Test func softmaxCrossEntropyAndItsGradient() {
        // The last row is 1000, 1001, 1002: PyTorch and the engine both subtract the largest logit.
        let logits = Matrix([[2, -1, 0.5], [0.1, 0.2, 3], [-2, 4, 1], [1000, 1001, 1002]])
        let (loss, dLogits) = softmaxCrossEntropy(logits: logits, labels: [0, 2, 1, 0])
        close([loss], [0.702366114], "loss")
        close(dLogits.data, [-0.0536007434, 0.00977814291, 0.0438225977, 0.0123278303, 0.0136243608, -0.0259521902,
                             0.000588908268, -0.0124174356, 0.011828539, -0.227492362, 0.0611821227, 0.166310251],
              "dL/dlogits")
    }

    static let gradients: [[Float]] = [[0.1, -0.2, 0.3, 0], [-0.05, 0.4, 0.3, 1e-3], [0.2, 0.1, -0.6, 2]]

    /// Three Adam steps from w = (0.5, −1.5, 2, 0) with the given gradients.
    func adam(learningRate: Float, weightDecay: Float) -> [Float] {
        let w = Parameter(name: "w", value: Matrix(row: [0.5, -1.5, 2, 0]))
        let adam = Adam(learningRate: learningRate, weightDecay: weightDecay)
        for g in Self.gradients {
            w.gradient = Matrix(row: g)
            adam.step([w])
        }
        return w.value.data
    }

    @Test func threeAdamSteps() {
        close(adam(learningRate: 0.001, weightDecay: 0), [0.498075545, -1.49978173, 1.9980756, -0.00138322718], "Adam")
        // PyTorch's Adam(weight_decay:) adds λ·w to the gradient, as the engine's L2 term does (not AdamW).
        close(adam(learningRate: 0.01, weightDecay: 0.1), [0.475223541, -1.48732316, 1.97644508, -0.0138322739],
              "Adam with L2")
    }

    @Test func denseForwardAndBackward() {
        // The engine's W is inputs × outputs (X·W); PyTorch's nn.Linear keeps its transpose.
        let dense = Dense(weights: Matrix([[0.2, -0.1], [0.4, 0.3], [-0.5, 0.6]]), bias: Matrix(row: [0.1, -0.2]))
        let y = dense.forward(Matrix([[1, -2, 0.5], [0, 3, -1]]))
        close(y.data, [-0.75, -0.600000024, 1.80000007, 0.100000009], "Y")
        let dX = dense.backward(Matrix([[1, -1], [0.5, 2]]))
        close(dX.data, [0.300000012, 0.099999994, -1.10000002, -0.100000001, 0.800000012, 0.950000048], "dL/dX")
        close(dense.weights.gradient.data, [1, -1, -0.5, 8, 0, -2.5], "dL/dW")
        close(dense.bias.gradient.data, [1.5, 1], "dL/db")
    }
}
