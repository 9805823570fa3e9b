// swift-tools-version:6.0
// Neural Networks from Scratch, in Swift.
//
// Two layers, kept apart by the compiler, on one small module below both:
//   Bilingual text in English and Simplified Chinese (Text, Language), for pages and errors alike;
//   Engine    the maths, networks, training, data and file formats (no command line, no output);
//   Workbook  how a chapter talks to its reader: notebook, pages, figures (gnuplot), progress, flags.
// Each chapter is an executable on top of both, and so is the benchmark.
import Foundation
import PackageDescription

/// Every folder Chapters/ChapterNN that holds a chapter, in order: Chapter01 … Chapter09, Chapter10, …,
/// then the appendices, Chapters/AppendixA … AppendixZ.
/// SwiftPM caches the evaluated manifest by its text, so after adding a chapter folder run
/// `swift package reset` or delete ~/.cache/org.swift.swiftpm/manifests once.
let chapters = ((1...99).map { $0 < 10 ? "Chapter0\($0)" : "Chapter\($0)" }
                + "ABCDEFGHIJKLMNOPQRSTUVWXYZ".map { "Appendix\($0)" }).filter { name in
    FileManager.default.fileExists(atPath: Context.packageDirectory + "/Chapters/\(name)/\(name).swift")
}

/// The generated pages beside a chapter's source (README.md, README.zh.md, …): not part of the program.
func pages(of chapter: String) -> [String] {
    let folder = Context.packageDirectory + "/Chapters/\(chapter)"
    let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return files.filter { $0.hasSuffix(".md") }.sorted()
}

let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")

/// The code that trains is optimised in the debug build too, as a whole module, as in a release build
/// (a debug build passes -Onone; the -O given here comes after it and wins): `swift run Chapter06`
/// and `swift test`, which runs the chapters, would otherwise train 10–50× slower. Debug builds still
/// pass -enable-testing, so `@testable import` keeps working; the tests themselves stay unoptimised.
/// Whole-module builds are not incremental (SwiftPM says so once per target).
let optimised: [SwiftSetting] = [.unsafeFlags(["-O", "-wmo", "-num-threads", "2"], .when(configuration: .debug))]

let package = Package(
    name: "NeuralNetworksFromScratch",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The engine's matrix product, in C: a kernel for each kind of processor, chosen when the
        // program runs, all with the same bits. Optimised in every build (a debug build's -O0 would
        // make it a hundred times slower); no contraction, so no other rounding changes.
        .target(name: "CMatrixKernel", path: "Sources/CMatrixKernel",
                cSettings: [.unsafeFlags(["-O3", "-ffp-contract=off"])]),
        // A thin shim over the system's zlib.
        .systemLibrary(
            name: "CZlib", path: "Sources/CZlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        // Text in English and Chinese, below the engine, so that its messages are bilingual too.
        .target(name: "Bilingual", path: "Sources/Bilingual"),
        .target(
            name: "Engine",
            dependencies: ["Bilingual", "CMatrixKernel", "CZlib"],
            path: "Sources/Engine",
            // Float.squareRoot() comes from a C header; with C's default of setting errno on a
            // negative input, every square root is a branch and a possible call, so a loop that
            // takes one (Adam's √v̂) is done one element at a time. The square root itself is
            // IEEE's, exact either way: the same bits, several at once.
            swiftSettings: [.unsafeFlags(["-Xcc", "-fno-math-errno"])] + optimised),
        .target(name: "Workbook", dependencies: ["Bilingual", "Engine", argumentParser], path: "Sources/Workbook",
                swiftSettings: optimised),
        // Training speed of the Chapter 06 network: `swift run -c release Benchmark`.
        .executableTarget(name: "Benchmark", dependencies: ["Engine", "Workbook", argumentParser],
                          path: "Benchmarks/Benchmark", swiftSettings: optimised),
        // Tests: the engine in process, the workbook layer in process, and the chapters as programs.
        .target(name: "TestSupport", dependencies: ["Bilingual", "Engine"], path: "Tests/TestSupport"),
        .testTarget(name: "EngineTests", dependencies: ["Bilingual", "Engine", "TestSupport"], path: "Tests/EngineTests"),
        .testTarget(name: "WorkbookTests", dependencies: ["Engine", "Workbook", "TestSupport"],
                    path: "Tests/WorkbookTests"),
        .testTarget(name: "ChapterTests", dependencies: ["Engine", "Workbook", "TestSupport"],
                    path: "Tests/ChapterTests"),
    ] + chapters.map { name in
        .executableTarget(name: name, dependencies: ["Engine", "Workbook", argumentParser],
                          path: "Chapters/\(name)", exclude: pages(of: name), swiftSettings: optimised)
    }
)
