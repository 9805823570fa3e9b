// Machine: which processor the benchmark ran on.

import Foundation

/// The CPU model and core count, for the header line.
enum Machine {
    static var description: String {
        var model = "unknown CPU"
        if let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
           let colon = line.firstIndex(of: ":") {
            model = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let coreType = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"].map { ", OPENBLAS_CORETYPE=\($0)" } ?? ""
        return "\(model), \(ProcessInfo.processInfo.activeProcessorCount) cores\(coreType)"
    }
}
