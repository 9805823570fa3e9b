// swift-tools-version:6.0
// Neural Networks from Scratch, in Swift: one engine module, one executable per chapter.
import PackageDescription

let chapters = (1...7).map { "Chapter0\($0)" }

let package = Package(
    name: "NeuralNetworksFromScratch",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Thin shims over system C libraries.
        .systemLibrary(
            name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(
            name: "CZlib", path: "Sources/CZlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        // The engine: tensors, layers, activations, losses, optimisers, training, data, plots, notebook output.
        .target(
            name: "Engine",
            dependencies: [
                .target(name: "CBLAS", condition: .when(platforms: [.linux])),
                "CZlib",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/Engine",
            linkerSettings: [.linkedFramework("Accelerate", .when(platforms: [.macOS]))]),
        .testTarget(name: "EngineTests", dependencies: ["Engine"], path: "Tests/EngineTests"),
        // Training speed of the Chapter 06 network: `swift run -c release Benchmark`.
        .executableTarget(
            name: "Benchmark",
            dependencies: ["Engine", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Benchmarks/Benchmark"),
    ] + chapters.map { name -> Target in
        .executableTarget(
            name: name,
            dependencies: ["Engine", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Chapters/\(name)")
    },
    swiftLanguageModes: [.v5]
)
