// The speed figure of one sitting is drawn from its data file alone: the same file gives the same
// PNG byte for byte, and a damaged file is refused with the line that is wrong.

import Foundation
import Testing
import TestSupport

@Suite struct SittingTests {
    static let sitting = """
        # Benchmark sitting: seconds per 60,000-image epoch, one sitting.
        # date: 2026-11-23 13:20 UTC
        # machine: AMD EPYC, 2 cores
        # kernel: AVX-512 kernel
        configuration,runner,threads,epoch_s,test_acc
        128-sgd-64,engine,2,0.210,0.8636
        128-sgd-64,products,2,0.149,
        128-sgd-64,engine,1,0.340,0.8636
        128-sgd-64,numpy,2,0.305,0.8580
        128-sgd-64,torch,2,0.643,0.8580

        """

    /// Runs `Benchmark draw-sitting` in a folder whose Benchmarks/sitting.csv holds `csv`.
    func draw(_ csv: String, in folder: TemporaryFolder) throws -> ProcessRun {
        try FileManager.default.createDirectory(atPath: folder.file("Benchmarks"), withIntermediateDirectories: true)
        _ = folder.write("Benchmarks/sitting.csv", csv)
        return try ChapterRunner.run("Benchmark", ["draw-sitting", "--plots-dir", folder.file("plots")],
                                     directory: folder.path)
    }

    @Test func drawsTheSameFigureFromTheSameFile() throws {
        let folder = TemporaryFolder()
        let first = try draw(Self.sitting, in: folder)
        #expect(first.status == 0, "\(first.errors)")
        let png = folder.file("plots/benchmark-sitting.png")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: png))
        #expect(bytes.count > 1000)
        try FileManager.default.removeItem(atPath: png)
        let second = try draw(Self.sitting, in: folder)
        #expect(second.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: png)) == bytes)
    }

    @Test func refusesADamagedLine() throws {
        let folder = TemporaryFolder()
        let run = try draw(Self.sitting.replacingOccurrences(of: "128-sgd-64,numpy,2,0.305,0.8580", with: "128-sgd-64,numpy,fast"),
                           in: folder)
        #expect(run.status != 0)
        #expect(run.errors.contains("Benchmarks/sitting.csv, line 9"), "\(run.errors)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("plots/benchmark-sitting.png")))
    }
}
