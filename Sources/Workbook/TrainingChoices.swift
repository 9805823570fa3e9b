// TrainingChoices: the closed sets of values that training flags take, as ArgumentParser enums,
// so that `--help` lists the choices and a typo is refused before anything runs.

import ArgumentParser
import Engine

/// `--optimizer`: how the weights move.
public enum OptimizerChoice: String, CaseIterable, ExpressibleByArgument, Sendable {
    case adam, momentum, sgd

    /// The learning rate each starts from when none is given.
    public var defaultLearningRate: Double { self == .adam ? 0.001 : 0.05 }

    public func make(learningRate: Float, weightDecay: Float = 0) -> Optimizer {
        switch self {
        case .adam: return Adam(learningRate: learningRate, weightDecay: weightDecay)
        case .momentum: return Momentum(learningRate: learningRate, momentum: 0.9, weightDecay: weightDecay)
        case .sgd: return SGD(learningRate: learningRate, weightDecay: weightDecay)
        }
    }
}

/// `--dataset`: the images to learn from, unless `--data DIR` names a folder.
public enum DataSetName: String, CaseIterable, ExpressibleByArgument, Sendable {
    /// The 5,000 MNIST digits that scripts/setup fetches.
    case mnist
    /// Debian's Fashion-MNIST (60,000 + 10,000 images of clothes).
    case fashion

    /// The engine's data set: `folder` (from --data) wins over the name.
    public func dataSet(folder: String?) -> DataSet {
        if let folder { return .folder(folder) }
        return self == .mnist ? .embedded : .fashion
    }
}
