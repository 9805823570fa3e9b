// TrainingGap: how far apart two runs of the same seeded training end, when they compute a step in
// two ways that round differently (the engine's way against the textbook's).

@testable import Engine

struct TrainingGap {
    /// The largest difference between matching losses, relative to the larger of the two.
    let loss: Float
    /// The largest difference between matching values of matching parameters.
    let parameter: Float

    init(_ a: (losses: [Float], parameters: [Matrix]), _ b: (losses: [Float], parameters: [Matrix])) {
        precondition(a.losses.count == b.losses.count && a.parameters.count == b.parameters.count, "the runs differ in shape")
        loss = zip(a.losses, b.losses).map { x, y in abs(x - y) / max(abs(x), abs(y)) }.max() ?? 0
        parameter = zip(a.parameters, b.parameters).map { p, q in
            zip(p.data, q.data).map { x, y in abs(x - y) }.max() ?? 0
        }.max() ?? 0
    }
}
