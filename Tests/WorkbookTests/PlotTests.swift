import Foundation
import Testing
@testable import Engine
import TestSupport
@testable import Workbook

@Suite struct PlotTests {
    func sampleFigure() -> Figure {
        var f = Figure(name: "sample", title: "Two curves", xLabel: "x", yLabel: "y")
        f.series = [Series("x²", from: -2, to: 2) { $0 * $0 }, Series("points", x: [0, 1], y: [1, 0], style: .points)]
        f.annotations = [Annotation("minimum", x: 0, y: 0)]
        return f
    }

    @Test(.enabled(if: Gnuplot.executable() != nil)) func pngIsWrittenAndByteIdentical() throws {
        let folder = TemporaryFolder()
        let dir = folder.path
        let path = try Gnuplot.renderPNG(sampleFigure(), in: dir)
        let first = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(first.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        try Gnuplot.renderPNG(sampleFigure(), in: dir)
        let second = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(first == second)
        // Only the figure remains: the temporary file was renamed into place.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["sample.png"])
    }

    @Test(.enabled(if: Gnuplot.executable() != nil)) func gnuplotErrorsNameTheFigure() throws {
        do {
            try Gnuplot.run("plot no_such_function(x)\n", figure: "broken-figure")
            Issue.record("gnuplot accepted a bad script")
        } catch let error as WorkbookError {
            #expect(error.message.en.contains("broken-figure"))
            #expect(error.message.en.contains("no_such_function"))
        }
    }

    @Test(.enabled(if: Gnuplot.executable() != nil)) func failedFigureLeavesNoFile() throws {
        let folder = TemporaryFolder()
        let dir = folder.path
        var f = sampleFigure()
        f.name = "bad"
        f.logY = true
        f.yRange = -1...0     // a log axis cannot show this range: gnuplot refuses
        #expect(throws: WorkbookError.self) { try Gnuplot.renderPNG(f, in: dir) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    @Test(.enabled(if: Gnuplot.executable() != nil)) func terminalChartHasTheTitle() throws {
        let text = try Gnuplot.renderText(sampleFigure())
        #expect(text.contains("Two curves"))
    }

    @Test func scriptQuotesAndFormatsStably() {
        #expect(GnuplotScript.quote("say \"hi\"\\") == "\"say \\\"hi\\\"\\\\\"")
        #expect(GnuplotScript.num(3) == "3")
        #expect(GnuplotScript.num(0.1) == "0.1")
        let script = GnuplotScript.make(sampleFigure(), target: .png(path: "x.png"))
        #expect(script == GnuplotScript.make(sampleFigure(), target: .png(path: "x.png")))
        #expect(script.contains("set title \"Two curves\""))
    }

    @Test func backquotesInTextNeverRun() throws {
        let folder = TemporaryFolder()
        let witness = folder.file("PWNED")
        #expect(GnuplotScript.quote("a`b`") == "\"a\\140b\\140\"")
        guard Gnuplot.executable() != nil else { return }
        var f = sampleFigure()
        f.title = "`touch \(witness)`"
        f.series[0].title = "`touch \(witness)`"
        try Gnuplot.renderPNG(f, in: folder.file("plots"))
        #expect(!FileManager.default.fileExists(atPath: witness))
    }

    /// What a run killed while drawing leaves is a private folder nobody holds a lock on: the next
    /// figure removes it once it is a minute old. A folder another run holds, or one just made, stays.
    @Test(.enabled(if: Gnuplot.executable() != nil)) func foldersOfKilledRunsAreRemoved() throws {
        let folder = TemporaryFolder()
        let temporary = NSTemporaryDirectory() as NSString
        let tag = UUID().uuidString.prefix(8)
        func make(_ name: String, ageInSeconds age: TimeInterval) throws -> String {
            let path = temporary.appendingPathComponent("nn-gnuplot-\(name)-\(tag)")
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            #expect(FileManager.default.createFile(atPath: path + "/figure.png", contents: Data("half".utf8)))
            try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-age)], ofItemAtPath: path)
            return path
        }
        let stale = try make("killed", ageInSeconds: 120)
        let held = try make("held", ageInSeconds: 120)
        let young = try make("young", ageInSeconds: 0)
        let holder = open(held, O_RDONLY | O_DIRECTORY)
        #expect(flock(holder, LOCK_EX) == 0)
        defer {
            close(holder)
            for path in [held, young] { try? FileManager.default.removeItem(atPath: path) }
        }
        try Gnuplot.renderPNG(sampleFigure(), in: folder.path)
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: held) && FileManager.default.fileExists(atPath: young))
    }

    @Test func wrapKeepsWordsAndWidth() {
        let wrapped = Terminal.wrap("one two three four five six", width: 9)
        #expect(wrapped == "one two\nthree\nfour five\nsix")
    }

    @Test func fixedHasNoNegativeZero() {
        #expect(fixed(-0.00001, 3) == "0.000")
        #expect(fixed(0.99908894, 7) == "0.9990889")
    }
}
