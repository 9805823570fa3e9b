// History: what the chapter's model did, epoch by epoch, for its curves and its CSV file.

import Engine

extension Chapter06 {
    struct History {
        var epoch: [Int] = []
        var trainLoss: [Double] = [], validationLoss: [Double] = []
        var trainAccuracy: [Double] = [], validationAccuracy: [Double] = []
        var seconds: [Double] = []

        mutating func append(_ report: EpochReport, validation v: Evaluation) {
            epoch.append(report.epoch)
            trainLoss.append(Double(report.loss))
            trainAccuracy.append(Double(report.accuracy))
            validationLoss.append(Double(v.loss))
            validationAccuracy.append(Double(v.accuracy))
            seconds.append(report.seconds)
        }
    }
}
