import Foundation
import Testing
@testable import Engine

@Suite struct ActivationTests {
    @Test func sigmoidKnownValues() {
        #expect(abs(sigmoid(7) - 0.9990889) < 5e-8)
        #expect(sigmoid(Float(0)) == 0.5)
        #expect(abs(sigmoidDerivative(0) - 0.25) < 1e-7)
        // Saturates without NaN at extreme inputs.
        #expect(sigmoid(Float(-1000)) == 0)
        #expect(sigmoid(Float(1000)) == 1)
        // The Double version, for plotting.
        let d: Double = 7
        #expect(abs(sigmoid(d) - 0.9990889488055994) < 1e-15)
    }

    @Test func scalarDerivativesMatchCentralDifferences() {
        let h: Float = 1e-2
        for x: Float in [-3, -0.7, 0.4, 2.5] {
            let dSigmoid = (sigmoid(x + h) - sigmoid(x - h)) / (2 * h)
            let dTanh = (tanh(x + h) - tanh(x - h)) / (2 * h)
            let dRelu = (relu(x + h) - relu(x - h)) / (2 * h)
            #expect(abs(sigmoidDerivative(x) - dSigmoid) < 1e-4)
            #expect(abs(tanhDerivative(x) - dTanh) < 1e-3)
            #expect(abs(reluDerivative(x) - dRelu) < 1e-4)
        }
        #expect(relu(-2) == 0 && relu(3) == 3)
        #expect(reluDerivative(0) == 0)
    }

    @Test func activationEnumMatchesScalarFunctions() {
        let x = Matrix([[-2, -0.5, 0], [0.5, 1, 3]])
        for activation in Activation.allCases {
            let y = activation.apply(x)
            let d = activation.derivative(input: x, output: y)
            for i in 0..<x.count {
                let xi = x.data[i]
                switch activation {
                case .sigmoid:
                    #expect(y.data[i] == sigmoid(xi))
                    #expect(abs(d.data[i] - sigmoidDerivative(xi)) < 1e-7)
                case .tanh:
                    #expect(y.data[i] == tanh(xi))
                    #expect(abs(d.data[i] - tanhDerivative(xi)) < 1e-6)
                case .relu:
                    #expect(y.data[i] == relu(xi))
                    #expect(d.data[i] == reluDerivative(xi))
                case .identity:
                    #expect(y.data[i] == xi)
                    #expect(d.data[i] == 1)
                }
            }
        }
    }

    @Test func softmaxKnownValuesAndStability() {
        let p = softmax([0, 1, 2] as [Float])
        let expected: [Float] = [0.09003057, 0.24472847, 0.66524096]
        for (a, b) in zip(p, expected) { #expect(abs(a - b) < 1e-6) }
        #expect(abs(p.reduce(0, +) - 1) < 1e-6)

        let big = softmax([1000, 1001, 1002] as [Float])
        #expect(big.allSatisfy { $0.isFinite })
        #expect(big == p)
        let negative = softmax([-1000, -999, -998] as [Float])
        #expect(negative.allSatisfy { $0.isFinite })
        #expect(negative == p)

        // Row by row on a matrix, same answers.
        let m = softmax(Matrix([[0, 1, 2], [1000, 1001, 1002], [-1000, -999, -998]]))
        #expect(m.isFinite)
        for i in 0..<3 { #expect(m.row(i) == p) }
    }
}
