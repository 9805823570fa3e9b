// Speeds: how fast each way of multiplying runs, measured here and now for the reader's terminal,
// and measured once and committed as data (Benchmarks/appendix-a-speeds.csv) for the pages.
//
// Timings differ from machine to machine and from minute to minute, while a page must come out byte
// for byte on any machine. So the pages show the committed measurement, with the machine, date and
// build it was taken on, and every run prints its own numbers in the terminal only. `--measure-into`
// writes a new measurement (release builds only), as `Benchmark sitting` does for the training speed.

import Engine
import Foundation
import Workbook

/// c (m×n) = a (m×k) · b (k×n): 2·m·n·k floating-point operations.
struct Shape: Equatable, Sendable {
    let m: Int, n: Int, k: Int
    /// "64x128x784", as the data file writes it.
    var id: String { "\(m)x\(n)x\(k)" }
    /// "64×128×784", as the page writes it.
    var label: String { "\(m)×\(n)×\(k)" }
    var operations: Double { 2 * Double(m) * Double(n) * Double(k) }
}

/// Which build a measurement was taken with: the one every reader gets (`swift run -c release`), or one
/// compiled for the processor it runs on (`-Xswiftc -target-cpu -Xswiftc native`, with
/// `-Xswiftc -DFOR_THIS_PROCESSOR` so that the program knows it).
enum Build: String, CaseIterable, Sendable {
    case portable, native

    static var current: Build {
        #if FOR_THIS_PROCESSOR
        return .native
        #else
        return .portable
        #endif
    }

    static var isRelease: Bool {
        #if DEBUG
        return false
        #else
        return true
        #endif
    }

    var command: String {
        switch self {
        case .portable: "swift build -c release"
        case .native: "swift build -c release -Xswiftc -target-cpu -Xswiftc native -Xswiftc -DFOR_THIS_PROCESSOR"
        }
    }

    var title: Text {
        switch self {
        case .portable: Text(en: "portable build", zh: "通用构建")
        case .native: Text(en: "built for this processor", zh: "为本机处理器构建")
        }
    }
}

/// The committed measurement: for each build, when and on what it was taken, and GFLOP/s per step and shape.
struct Speeds {
    struct Row: Equatable {
        let step: String
        let shape: String
        let build: String
        let gflops: Double
    }

    /// "cpu", "cores", "arch", and one line per build measured ("portable", "native"): date, build command,
    /// the engine's kernel, the load average before and after.
    var about: [(key: String, value: String)]
    var rows: [Row]

    static let file = "Benchmarks/appendix-a-speeds.csv"
    static let header = "step,shape,build,gflops"
    static let title = "# Appendix A: GFLOP/s of c = a·b computed each way (2·m·n·k operations per product); "
        + "each number is the best of its runs, taken in turns with the other steps."

    var csv: String {
        var lines = [Self.title]
        lines += about.map { "# \($0.key): \($0.value)" }
        lines.append(Self.header)
        lines += rows.map { "\($0.step),\($0.shape),\($0.build),\(String(format: "%.3f", $0.gflops))" }
        return lines.joined(separator: "\n") + "\n"
    }

    init(about: [(key: String, value: String)], rows: [Row]) {
        self.about = about
        self.rows = rows
    }

    /// Reads a file written by `csv`; says which line is wrong when one is.
    init(csv text: String, source: String) throws {
        let file = try MeasurementFile(text, header: Self.header, example: "definition,64x128x784,portable,0.345", source: source)
        about = file.about
        rows = []
        for line in file.lines {
            let fields = line.fields
            guard fields.count == 4, Build(rawValue: fields[2]) != nil, let gflops = Double(fields[3]), gflops > 0 else {
                throw file.wrong(line)
            }
            rows.append(Row(step: fields[0], shape: fields[1], build: fields[2], gflops: gflops))
        }
        guard !rows.isEmpty else { throw WorkbookError("\(source) holds no measurements") }
    }

    func value(_ key: String) -> String? { about.first { $0.key == key }?.value }

    /// "AMD EPYC, 2 cores, x86_64" / "AMD EPYC，2 个核心，x86_64".
    var machine: Text {
        let (cpu, cores, arch) = (value("cpu") ?? "unknown CPU", value("cores") ?? "?", value("arch") ?? "?")
        return Text(en: "\(cpu), \(cores) cores, \(arch)", zh: "\(cpu)，\(cores) 个核心，\(arch)")
    }

    /// When and how `build` was measured, in `language`, from its line
    /// ("date=…; build=…; runs=5; rounds=3; gemm=…; load=2.10,2.30"); nil if it was not.
    func taken(_ build: Build, in language: Language) -> String? {
        guard let line = value(build.rawValue) else { return nil }
        var field: [String: String] = [:]
        for part in line.components(separatedBy: "; ") {
            guard let equals = part.firstIndex(of: "=") else { continue }
            field[String(part[..<equals])] = String(part[part.index(after: equals)...])
        }
        // "2026-12-03 19:05–19:05 UTC", a measurement within one minute, reads "2026-12-03 19:05 UTC".
        if let date = field["date"], let dash = date.firstIndex(of: "–"), let space = date.lastIndex(of: " "),
           date.distance(from: date.startIndex, to: dash) >= 5, dash < space,
           date[date.index(dash, offsetBy: -5)..<dash] == date[date.index(after: dash)..<space] {
            field["date"] = String(date[..<dash]) + String(date[space...])
        }
        let f = { (key: String) in field[key] ?? "?" }
        let load = f("load").split(separator: ",").map(String.init) + ["?", "?"]
        switch language {
        case .en:
            return "\(build.title.en): \(f("date")) (\(f("build"))), the best of \(f("runs")) runs in each of \(f("rounds")) rounds, "
                + "Matrix.gemm by \(f("gemm")), load average \(load[0]) before and \(load[1]) after"
        case .zh:
            return "\(build.title.in(.zh))：\(f("date"))（\(f("build"))），每轮运行 \(f("runs")) 次、共 \(f("rounds")) 轮，取最快的一次，"
                + "Matrix.gemm 用的是 \(f("gemm"))，平均负载测量前 \(load[0])、测量后 \(load[1])"
        }
    }

    func gflops(_ step: String, _ shape: Shape, _ build: Build) -> Double? {
        rows.first { $0.step == step && $0.shape == shape.id && $0.build == build.rawValue }?.gflops
    }

    /// This measurement with `other`'s rows and lines of `build` put in place of its own.
    func replacing(_ build: Build, with other: Speeds) -> Speeds {
        let machine = Set(Machine.about.map(\.key))
        let about = other.about.filter { machine.contains($0.key) }
            + Build.allCases.compactMap { each in (each == build ? other : self).about.first { $0.key == each.rawValue } }
        let order = Build.allCases.map(\.rawValue)
        let kept = (rows.filter { $0.build != build.rawValue } + other.rows)
            .sorted { (order.firstIndex(of: $0.build)!, $0.shape == "64x128x784" ? 0 : 1) < (order.firstIndex(of: $1.build)!, $1.shape == "64x128x784" ? 0 : 1) }
        return Speeds(about: about, rows: kept)
    }
}

/// What the machine is, and how busy it is.
enum Machine {
    /// The lines of a measurement that say what it was taken on: cpu, cores, arch.
    static var about: [(key: String, value: String)] {
        var model = "unknown CPU"
        if let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
           let colon = line.firstIndex(of: ":") {
            model = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return [("cpu", model), ("cores", "\(ProcessInfo.processInfo.activeProcessorCount)"), ("arch", arch)]
    }

    #if arch(x86_64)
    static let arch = "x86_64"
    #elseif arch(arm64)
    static let arch = "arm64"
    #else
    static let arch = "another architecture"
    #endif

    /// "AMD EPYC, 2 cores, x86_64".
    static var description: String {
        let about = Dictionary(uniqueKeysWithValues: self.about.map { ($0.key, $0.value) })
        return "\(about["cpu"]!), \(about["cores"]!) cores, \(about["arch"]!)"
    }

    /// The load average over the last minute (Linux), or nil.
    static var load: Double? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
        return text.split(separator: " ").first.flatMap { Double($0) }
    }
}
