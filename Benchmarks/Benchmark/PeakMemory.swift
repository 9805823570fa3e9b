// PeakMemory: the most memory this process has held at once.

import Foundation

/// Peak resident memory of this process (the high-water mark of its resident set).
enum PeakMemory {
    /// On Linux, writing 5 to /proc/self/clear_refs resets the high-water mark, so each
    /// configuration reports its own peak (the data set, loaded once, is counted in every one).
    static func reset() {
        #if os(Linux)
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        #endif
    }

    /// VmHWM from /proc/self/status on Linux, else getrusage's ru_maxrss (bytes on macOS).
    static var megabytes: Double {
        #if os(Linux)
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kb = Double(line.split(separator: " ").dropFirst().first ?? "") {
            return kb / 1024
        }
        #endif
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024          // kilobytes
        #else
        getrusage(RUSAGE_SELF, &usage)
        return Double(usage.ru_maxrss) / 1024 / 1024   // bytes
        #endif
    }
}
