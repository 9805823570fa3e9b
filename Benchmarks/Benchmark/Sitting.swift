// Sitting: every configuration timed in one sitting, the engine beside its peers, written to a small
// data file and drawn as a figure.
//
//     swift run -c release Benchmark sitting        measures (a few minutes), writes
//                                                   Benchmarks/sitting.csv and plots/benchmark-sitting.png
//     Benchmark draw-sitting                        redraws the figure from Benchmarks/sitting.csv
//
// Timings on a shared machine move from minute to minute, so a sitting times everything in turns:
// each round runs every configuration on the engine (two threads, then one), then on the numpy and
// PyTorch peers, and a runner's time is the best of its rounds. The products alone (ProductFloor) are
// recorded too: the machine's own limit for the engine's arithmetic. The figure is drawn from the
// data file alone, so scripts/regenerate redraws it byte for byte without timing anything.

import Engine
import Foundation
import Workbook

struct Sitting {
    /// One measured time: a configuration ("128-sgd-64"), who ran it ("engine", "products",
    /// "numpy", "torch"), on how many threads, seconds per epoch, and test accuracy (none for
    /// the products alone).
    struct Row: Equatable {
        let configuration: String
        let runner: String
        let threads: Int
        let seconds: Double
        let accuracy: Double?
    }

    /// When, on what, and how the sitting was taken: "date", "machine", "kernel", "data", "timing".
    var about: [(key: String, value: String)]
    var rows: [Row]

    static let file = "Benchmarks/sitting.csv"
    static let figureName = "benchmark-sitting"
    static let header = "configuration,runner,threads,epoch_s,test_acc"

    // MARK: The data file

    /// The data file: the `about` lines as comments, then one line per row.
    var csv: String {
        var lines = ["# Benchmark sitting: seconds per 60,000-image epoch, one sitting."]
        lines += about.map { "# \($0.key): \($0.value)" }
        lines.append(Self.header)
        lines += rows.map { row in
            [row.configuration, row.runner, "\(row.threads)", String(format: "%.3f", row.seconds),
             row.accuracy.map { String(format: "%.4f", $0) } ?? ""].joined(separator: ",")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads a data file written by `csv`; says which line is wrong when one is.
    init(csv text: String, source: String) throws {
        let file = try MeasurementFile(text, header: Self.header, example: "128-sgd-64,engine,2,0.210,0.8636", source: source)
        about = file.about
        rows = []
        for line in file.lines {
            let fields = line.fields
            guard fields.count == 5, let threads = Int(fields[2]), let seconds = Double(fields[3]),
                  seconds > 0, fields[4].isEmpty || Double(fields[4]) != nil else { throw file.wrong(line) }
            rows.append(Row(configuration: fields[0], runner: fields[1], threads: threads, seconds: seconds,
                            accuracy: fields[4].isEmpty ? nil : Double(fields[4])))
        }
        guard !rows.isEmpty else { throw WorkbookError("\(source) holds no timings") }
    }

    init(about: [(key: String, value: String)], rows: [Row]) {
        self.about = about
        self.rows = rows
    }

    func seconds(_ configuration: String, _ runner: String, threads: Int? = nil) -> Double? {
        rows.first { $0.configuration == configuration && $0.runner == runner && (threads == nil || $0.threads == threads) }?.seconds
    }

    // MARK: Measuring

    /// Times every configuration in `rounds` rounds (engine on 2 and 1 threads with its product floor,
    /// numpy peer, PyTorch peer) and keeps each runner's best. Prints every time as it is measured.
    static func measure(_ configurations: [Configuration], epochs: Int, rounds: Int, data: String,
                        engine: (Configuration, _ threads: Int) throws -> EngineTiming) throws -> Sitting {
        var best: [String: Row] = [:]
        var order: [String] = []
        func record(_ row: Row) {
            let key = "\(row.configuration) \(row.runner) \(row.threads)"
            print("  \(key): \(String(format: "%.3f", row.seconds)) s per epoch")
            if best[key] == nil { order.append(key) }
            if let old = best[key], old.seconds <= row.seconds { return }
            best[key] = row
        }
        var problems = Set<String>()
        for round in 1...rounds {
            print("# round \(round) of \(rounds)")
            for configuration in configurations {
                let name = configuration.name
                for threads in [MatrixKernel.pieces, 1] {
                    let timing = try engine(configuration, threads)
                    record(Row(configuration: name, runner: "engine", threads: threads, seconds: timing.seconds,
                               accuracy: timing.accuracy))
                    if threads == MatrixKernel.pieces, let floor = timing.floor.seconds[threads] {
                        record(Row(configuration: name, runner: "products", threads: threads, seconds: floor, accuracy: nil))
                    }
                }
                for peer in ["numpy", "torch"] {
                    let (result, problem) = PeerRun.time(peer, configuration, epochs: epochs)
                    if let result {
                        record(Row(configuration: name, runner: peer, threads: 2, seconds: result.seconds,
                                   accuracy: result.accuracy))
                    } else if let problem, problems.insert(problem).inserted {
                        print("  \(problem); the sitting goes on without it")
                    }
                }
            }
        }
        let now = Date()
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.timeZone = TimeZone(identifier: "UTC")
        format.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        let about = [
            (key: "date", value: format.string(from: now)),
            (key: "machine", value: Machine.description),
            (key: "kernel", value: "\(MatrixKernel.kind) kernel"),
            (key: "data", value: data),
            (key: "timing", value: "median of epochs 2...\(epochs), best of \(rounds) rounds; "
                + "peers with 2 threads; products = the epoch's matrix products alone"),
        ]
        return Sitting(about: about, rows: order.compactMap { best[$0] })
    }

    // MARK: The figure

    /// The runners drawn, in order, with their legend titles and colours.
    static let bars: [(runner: String, threads: Int, title: String, color: String)] = [
        ("products", 2, "matrix products alone (2 threads)", "#bbbbbb"),
        ("engine", 2, "this engine, 2 threads", "#1f77b4"),
        ("engine", 1, "this engine, 1 thread", "#9ecae1"),
        ("numpy", 2, "numpy peer", "#ff7f0e"),
        ("torch", 2, "PyTorch peer", "#d62728"),
    ]

    /// Grouped bars, one group per configuration, with how much faster the engine on two threads is
    /// than each peer written above the group.
    var figure: Figure {
        var configurations: [String] = []
        for row in rows where !configurations.contains(row.configuration) { configurations.append(row.configuration) }
        let date = about.first { $0.key == "date" }?.value ?? "undated"
        let kernel = about.first { $0.key == "kernel" }?.value ?? "kernel unknown"
        var figure = Figure(name: Self.figureName,
                            title: "One sitting, \(date) (\(kernel)): seconds per 60,000-image epoch, shorter is faster",
                            xLabel: "hidden units - optimiser - batch size;  above each group: how many times as fast as each peer the engine is on 2 threads",
                            yLabel: "seconds per epoch")
        let width = 0.16
        var tallest = 0.0
        for (k, bar) in Self.bars.enumerated() {
            var x: [Double] = [], y: [Double] = []
            for (g, configuration) in configurations.enumerated() {
                guard let s = seconds(configuration, bar.runner, threads: bar.threads) else { continue }
                x.append(Double(g) + (Double(k) - Double(Self.bars.count - 1) / 2) * width)
                y.append(s)
                tallest = max(tallest, s)
            }
            if !x.isEmpty { figure.series.append(Series(bar.title, x: x, y: y, style: .bars(width: width), color: bar.color)) }
        }
        for (g, configuration) in configurations.enumerated() {
            guard let engine = seconds(configuration, "engine", threads: 2) else { continue }
            let ratios = [("numpy", "numpy"), ("torch", "PyTorch")].compactMap { runner, name in
                seconds(configuration, runner).map { String(format: "%.2f", $0 / engine) + "× " + name }
            }
            guard !ratios.isEmpty else { continue }
            let top = Self.bars.compactMap { seconds(configuration, $0.runner, threads: $0.threads) }.max() ?? 0
            // Written from a little left of the group, so that it stands about centred over it.
            figure.annotations.append(Annotation(ratios.joined(separator: ", "), x: Double(g) - 0.52,
                                                 y: top + 0.04 * tallest, marker: false))
        }
        figure.xTicks = configurations.enumerated().map { (Double($0), $1) }
        figure.xRange = -0.6...(Double(configurations.count) - 0.4)
        // Room above the tallest group for its ratios and, higher still, for the legend.
        figure.yRange = 0...(tallest * 1.6)
        figure.legend = .topRight
        figure.width = 1000
        figure.height = 560
        return figure
    }
}
