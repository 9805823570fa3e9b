import Foundation
import Testing
import Engine
import TestSupport
import Workbook

/// The chapters as a hostile user drives them: nothing typed runs a command, traps, hangs, or swaps
/// a good file for a broken one, and every refusal says what to change. One test per defect class.
@Suite struct ReliabilityTests {
    static let gnuplotPresent = Gnuplot.executable() != nil
    static let embeddedPresent = (try? EmbeddedDigits.locate()) != nil
    static let fashionPresent = FileManager.default.fileExists(atPath: DataSet.fashionFolder)

    /// An executable shell script standing in for gnuplot.
    func fakeGnuplot(_ folder: TemporaryFolder, _ body: String) -> String {
        let path = folder.write("fake-gnuplot", "#!/bin/sh\n" + body + "\n")
        chmod(path, 0o755)
        return path
    }

    /// The figures Chapter 01 draws: those committed in the repository's plots/ folder.
    static let chapter01Figures: [String] = {
        let plots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("plots").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: plots)) ?? [])
            .filter { $0.hasPrefix("ch01-") && $0.hasSuffix(".png") }.sorted()
    }()

    /// 1. A backquote in a path never runs: the path never reaches gnuplot's script.
    @Test(.enabled(if: gnuplotPresent)) func pathsWithBackquotesRunNothing() throws {
        let folder = TemporaryFolder()
        let witness = folder.file("PWNED")
        let plots = folder.file("plots `touch \(witness)` $(touch \(witness)) \"q'")
        let run = try ChapterRunner.run("Chapter01", ["--plots-dir", plots])
        #expect(run.status == 0, "\(run.errors)")
        #expect(!FileManager.default.fileExists(atPath: witness))
        let drawn = try FileManager.default.contentsOfDirectory(atPath: plots).sorted()
        #expect(drawn == Self.chapter01Figures)
    }

    /// 2. A truncated drawing (a full disk, a gnuplot cut short) never replaces a good figure.
    @Test func truncatedDrawingLeavesTheOldFigure() throws {
        let folder = TemporaryFolder()
        let plots = folder.file("plots")
        try FileManager.default.createDirectory(atPath: plots, withIntermediateDirectories: true)
        let good = folder.write("plots/ch01-activations.png", "the good figure")
        // A gnuplot that exits 0 after writing only the PNG signature and half a header.
        let fake = fakeGnuplot(folder, #"printf '\211PNG\r\n\032\n\000\000\000\015IHDR\000\000' > figure.png"#)
        let run = try ChapterRunner.run("Chapter01", ["--plots-dir", plots, "--require-plots"],
                                        environment: ["NN_GNUPLOT": fake])
        #expect(run.status != 0)
        #expect(run.errors.contains("figure 'ch01-activations' is not a whole PNG"), "\(run.errors)")
        #expect(run.errors.contains("\(good) was left as it was"))
        #expect(try String(contentsOfFile: good, encoding: .utf8) == "the good figure")
        #expect(try FileManager.default.contentsOfDirectory(atPath: plots) == ["ch01-activations.png"])
    }

    /// 5. A gnuplot that never answers is stopped after the time limit, named, and not left running;
    /// and when the chapter itself is ended, gnuplot (and what it started) ends with it.
    @Test func hangingGnuplotIsStoppedAndNamed() throws {
        let folder = TemporaryFolder()
        let pidFile = folder.file("sleeper.pid")
        let fake = fakeGnuplot(folder, "sleep 300 &\necho $! > \(pidFile)\nwait")
        let start = Date()
        let run = try ChapterRunner.run("Chapter01", ["--plots-dir", folder.file("plots")],
                                        environment: ["NN_GNUPLOT": fake, "NN_GNUPLOT_TIMEOUT": "1"])
        #expect(Date().timeIntervalSince(start) < 30)
        #expect(run.status != 0)
        #expect(run.errors.contains("gnuplot did not finish figure 'ch01-activations' within 1 seconds"), "\(run.errors)")
        let sleeper = try #require(Int32(String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(!isRunning(sleeper))

        // Ended from outside (SIGTERM) while gnuplot hangs, with no time limit in sight.
        try FileManager.default.removeItem(atPath: pidFile)
        let chapter = Process()
        chapter.executableURL = ChapterRunner.buildFolder.appendingPathComponent("Chapter01")
        chapter.arguments = ["--plots-dir", folder.file("plots")]
        chapter.environment = ProcessInfo.processInfo.environment.merging(["NN_GNUPLOT": fake, "NN_GNUPLOT_TIMEOUT": "60"]) { $1 }
        chapter.standardOutput = FileHandle.nullDevice
        chapter.standardError = FileHandle.nullDevice
        try chapter.run()
        var waited = 0
        while !FileManager.default.fileExists(atPath: pidFile) && waited < 300 { usleep(100_000); waited += 1 }
        usleep(200_000)
        let second = try #require(Int32(String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        let ended = Date()
        chapter.terminate()
        chapter.waitUntilExit()
        usleep(200_000)
        #expect(Date().timeIntervalSince(ended) < 10)
        #expect(chapter.terminationReason == .uncaughtSignal && chapter.terminationStatus == SIGTERM)
        #expect(!isRunning(second), "gnuplot's child \(second) outlived the chapter")
        if isRunning(second) { kill(second, SIGKILL) }
    }

    /// Whether process `pid` runs (a zombie, ended but not yet reaped, does not).
    func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return kill(pid, 0) == 0 }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }

    /// 3 and 6. Every numeric flag has a range, checked before any work; impossible requests are refused.
    @Test func outOfRangeFlagsAreRefusedBeforeAnyWork() throws {
        let cases: [(String, [String], String)] = [
            ("Chapter06", ["--hidden", "4097"], "--hidden must be between 1 and 4096"),
            ("Chapter06", ["--epochs", "0"], "--epochs must be between 1 and 1000"),
            ("Chapter06", ["--batch-size", "100000000"], "--batch-size must be between 1 and 4096"),
            ("Chapter06", ["--max-shift", "29"], "--max-shift must be between 0 and 8"),
            ("Chapter06", ["--weight-decay", "2"], "--weight-decay must be between 0.0 and 1.0"),
            ("Chapter06", ["--learning-rate", "1e-50"], "too small to move any weight"),
            ("Chapter07", ["--labels-per-class", "1001"], "--labels-per-class must be between 1 and 1000"),
            ("Chapter07", ["--labels-per-class", "1,,2"], "--labels-per-class"),
            ("Chapter07", ["--seeds", "21"], "--seeds must be between 1 and 20"),
            ("Chapter07", ["--steps", "10001"], "--steps must be between 1 and 10000"),
            ("Benchmark", ["run", "--threads", "3"], "--threads must be between 1 and 2"),
            ("Benchmark", ["run", "--epochs", "101"], "--epochs must be between 2 and 100"),
        ]
        for (program, args, message) in cases {
            let start = Date()
            let run = try ChapterRunner.run(program, ["--no-plots"].filter { _ in program != "Benchmark" } + args)
            #expect(run.status != 0, "\(program) \(args)")
            #expect(run.errors.contains(message), "\(program) \(args): \(run.errors)")
            #expect(Date().timeIntervalSince(start) < 20, "\(program) \(args) did work before refusing")
        }
    }

    /// 6. More labelled examples per class than the task has is refused before any training.
    @Test(.enabled(if: embeddedPresent)) func moreLabelsThanExistAreRefusedBeforeTraining() throws {
        let run = try ChapterRunner.run("Chapter07", ["--no-plots", "--labels-per-class", "1", "301"])
        #expect(run.status != 0)
        #expect(run.errors.contains("--labels-per-class 301") && run.errors.contains("has only 300"), "\(run.errors)")
        #expect(run.result("base accuracy on test digits 0–4") == nil)     // refused before pretraining
    }

    /// 3. A model the workbook itself wrote with one hidden unit is refused with advice, not a trap.
    @Test(.enabled(if: fashionPresent)) func oneHiddenUnitModelIsRefusedByChapter07() throws {
        let folder = TemporaryFolder()
        let model = folder.file("tiny.safetensors")
        var rng = SeededRandom(seed: 1)
        try SavedModel(network: Sequential(mlp: [784, 1, 10], activation: .relu, rng: &rng),
                       normalization: .scale, classNames: ClassNames.digits).save(to: model)
        let run = try ChapterRunner.run("Chapter07", ["--no-plots", "--task", "fashion", "--model", model,
                                                      "--labels-per-class", "1", "--seeds", "1", "--steps", "1"])
        #expect(run.status != 0)
        #expect(run.errors.contains("784-1-10") && run.errors.contains("--hidden 2 or more"), "\(run.errors)")
    }

    /// 3. An IDX file with no images is refused when read, never evaluated as "0.00%".
    @Test func emptyDataFileIsRefusedWhenRead() throws {
        let folder = TemporaryFolder()
        let labels = (0..<24).map { UInt8($0 % 10) }
        folder.write("train-images-idx3-ubyte", IDXBytes.images(count: 24))
        folder.write("train-labels-idx1-ubyte", IDXBytes.labels(labels))
        folder.write("t10k-images-idx3-ubyte", IDXBytes.images(count: 0))
        folder.write("t10k-labels-idx1-ubyte", IDXBytes.labels([]))
        let run = try ChapterRunner.run("Chapter06", ["--no-plots", "--data", folder.path, "--epochs", "1",
                                                      "--model", folder.file("m.safetensors")])
        #expect(run.status != 0)
        #expect(run.errors.contains("t10k-images-idx3-ubyte holds no images"), "\(run.errors)")
        // The engine's message in the reader's language: all of it in Chinese with --lang zh.
        let chinese = try ChapterRunner.run("Chapter06", ["--no-plots", "--lang", "zh", "--data", folder.path, "--epochs", "1",
                                                          "--model", folder.file("m.safetensors")])
        #expect(chinese.status != 0)
        #expect(chinese.errors.trimmingCharacters(in: .whitespacesAndNewlines)
            == "错误：\(folder.file("t10k-images-idx3-ubyte")) 里没有图像（文件头写的是 0）；数据文件至少要有一个。"
            + "文件损坏了或者不完整：请重新下载。", "\(chinese.errors)")
    }

    /// 7. Folders that are not folders are called so, and the model path is checked before training.
    @Test func misleadingPathsGetPreciseMessages() throws {
        let folder = TemporaryFolder()
        let fifo = folder.file("fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let fifoRun = try ChapterRunner.run("Chapter01", ["--plots-dir", fifo])
        #expect(fifoRun.status != 0)
        #expect(fifoRun.errors.contains("is not a folder (it is a FIFO"), "\(fifoRun.errors)")
        let file = folder.write("file", "x")
        let pagesRun = try ChapterRunner.run("Chapter01", ["--no-plots", "--pages-dir", file])
        #expect(pagesRun.status != 0)
        #expect(pagesRun.errors.contains("'\(file)' given to --pages-dir is not a folder"), "\(pagesRun.errors)")

        for (model, message) in [(folder.path, "is a folder, not a file"), (file + "/m.safetensors", "is not a folder"),
                                 ("", "names no file"), (folder.path + "/models/", "names no file")] {
            let start = Date()
            let run = try ChapterRunner.run("Chapter06", ["--no-plots", "--model", model])
            #expect(run.status != 0)
            #expect(run.errors.contains("--model") && run.errors.contains(message), "\(run.errors)")
            #expect(run.output.isEmpty && Date().timeIntervalSince(start) < 20)     // nothing trained
        }
    }

    /// 8. With standard output closed, a chapter with figures still draws them.
    @Test(.enabled(if: gnuplotPresent)) func closedStandardOutputIsHarmless() throws {
        let folder = TemporaryFolder()
        let plots = folder.file("plots")
        let chapter = ChapterRunner.buildFolder.appendingPathComponent("Chapter01").path
        let run = try ProcessRun(URL(fileURLWithPath: "/bin/sh"), ["-c", "exec \"$0\" --plots-dir \"$1\" >&-", chapter, plots])
        #expect(run.status == 0, "\(run.errors)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: plots).sorted() == Self.chapter01Figures)
    }
}
