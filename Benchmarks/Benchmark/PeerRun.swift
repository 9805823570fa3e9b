// PeerRun: one run of a Python peer (Benchmarks/peers/mlp_peer.py), for a sitting.
//
// The peer prints one line such as
//     peer=numpy hidden=128 batch=64 opt=sgd lr=0.1 threads=2 epoch_s=0.305 samples_per_s=196721 test_acc=0.8580
// and this reads its epoch_s and test_acc.

import Foundation

enum PeerRun {
    /// The peer script, from the project's folder (where `swift run` is started).
    static let script = "Benchmarks/peers/mlp_peer.py"

    /// Seconds per epoch and test accuracy of the peer `implementation` ("numpy" or "torch") on
    /// `configuration`, or nil with the reason when the peer could not run (no python3, no torch).
    static func time(_ implementation: String, _ configuration: Configuration, epochs: Int)
        -> (result: (seconds: Double, accuracy: Double)?, problem: String?) {
        guard FileManager.default.fileExists(atPath: script) else {
            return (nil, "\(script) not found: run the sitting from the project's folder")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--impl", implementation,
                             "--hidden", "\(configuration.hidden)", "--batch", "\(configuration.batchSize)",
                             "--opt", "\(configuration.optimizer)", "--lr", "\(configuration.learningRate)",
                             "--epochs", "\(epochs)"]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch { return (nil, "python3 could not be started: \(error)") }
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let complaint = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let seconds = value("epoch_s", in: printed), let accuracy = value("test_acc", in: printed) else {
            let last = complaint.split(separator: "\n").last.map(String.init) ?? "no output"
            return (nil, "the \(implementation) peer failed (exit \(process.terminationStatus)): \(last)")
        }
        return ((seconds, accuracy), nil)
    }

    /// The number after "key=" in a line of "key=value" words.
    static func value(_ key: String, in line: String) -> Double? {
        for word in line.split(whereSeparator: { $0 == " " || $0 == "\n" }) where word.hasPrefix(key + "=") {
            return Double(word.dropFirst(key.count + 1))
        }
        return nil
    }
}
