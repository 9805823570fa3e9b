// Appendix A · How the engine multiplies matrices fast
//
// The matrix product defined by its triple loop, in a fixed order with one rounding per step, then
// made faster one idea at a time (loop order, register tiles on a packed panel, vectors, two
// threads) up to the engine's own Matrix.gemm, each version checked to give exactly the
// definition's bits. The speeds on the page come from a committed measurement
// (Benchmarks/appendix-a-speeds.csv, see Speeds.swift); every run prints its own in the terminal.

import ArgumentParser
import Engine
import Workbook
import Foundation

@main
struct AppendixA: ChapterCommand {
    static let configuration = CommandConfiguration(
        abstract: Text(en: "Appendix A: how the engine multiplies matrices fast, with the same bits as the definition.",
                       zh: "附录 A：引擎怎样快速地做矩阵乘法，而且和定义的结果逐位相同。").forReader)

    @OptionGroup var options: ChapterOptions

    static let repetitionsOption = NumericOption(
        "--repetitions", 1...100, Text(en: "Timed runs of each product; the fastest counts", zh: "每个乘法计时运行的次数，取最快的一次"))

    @Option(help: Self.repetitionsOption.help)
    var repetitions: Int = 5

    @Flag(help: Text(en: "Small shapes and one timed run: a check in seconds (the tests use it; writes no pages).",
                     zh: "小尺寸、只计时一次：几秒内做完的检查（测试用它；不写页面）。").help)
    var quick = false

    @Option(help: Text(en: "Measure every step in three rounds and write the speeds into this file for the pages "
                        + "(release builds only), e.g. --measure-into \(Speeds.file).",
                       zh: "把每一步测三轮，把速度写进这个文件供页面使用（只限 release 构建），例如 --measure-into \(Speeds.file)。").help)
    var measureInto: String?

    func validate() throws {
        try Self.repetitionsOption.check(repetitions)
        if quick && options.writesPage {
            throw ValidationError(Text(en: "--quick uses small shapes, but the pages show the full ones: leave out --quick or --markdown.",
                                       zh: "--quick 用的是小尺寸，而页面展示的是完整尺寸：请去掉 --quick 或 --markdown。"))
        }
        if let measureInto {
            guard Build.isRelease else {
                throw ValidationError(Text(
                    en: "--measure-into needs a release build: a debug build runs these loops many times slower, so its speeds "
                        + "say nothing about the methods. Run `swift run -c release AppendixA --measure-into \(measureInto)`.",
                    zh: "--measure-into 需要 release 构建：debug 构建跑这些循环要慢很多倍，测出的速度说明不了这些方法。"
                        + "请运行 `swift run -c release AppendixA --measure-into \(measureInto)`。"))
            }
            guard !quick else {
                throw ValidationError(Text(en: "--measure-into measures the full shapes: leave out --quick.",
                                           zh: "--measure-into 测的是完整尺寸：请去掉 --quick。"))
            }
            try ChapterOptions.checkWritableFile(measureInto, flag: "--measure-into")
        }
    }

    // MARK: - The kernel behind Matrix.gemm

    /// The kernel Matrix.gemm runs on this machine, and on how many threads: "AVX-512, 2 threads".
    static var engineKernel: String { MatrixKernel.summary }

    // MARK: - The steps

    /// One way of computing c = a·b.
    struct Step: Sendable {
        let id: String
        /// Its name in the tables, and its short name under the figure's bars.
        let name: Text
        let short: Text
        let run: @Sendable (Operands, inout Matrix) -> Void
    }

    /// The two matrices of one shape, drawn from the seeded generator, and the definition's product.
    final class Operands {
        let shape: Shape
        let a: Matrix, b: Matrix
        private(set) var definition = Matrix(rows: 0, cols: 0)

        init(_ shape: Shape, seed: UInt64) {
            self.shape = shape
            var rng = SeededRandom(seed: seed)
            a = rng.uniformMatrix(rows: shape.m, cols: shape.k, low: -1, high: 1)
            b = rng.uniformMatrix(rows: shape.k, cols: shape.n, low: -1, high: 1)
            definition = product(by: AppendixA.steps[0])
        }

        /// a·b computed by `step`.
        func product(by step: Step) -> Matrix {
            var c = Matrix(rows: shape.m, cols: shape.n)
            step.run(self, &c)
            return c
        }

        /// Calls `body` with the elements of a and b and of c, as the loops of Products take them.
        func withElements(of c: inout Matrix, _ body: (Floats, Floats, MutableFloats) -> Void) {
            a.data.withUnsafeBufferPointer { a in
                b.data.withUnsafeBufferPointer { b in
                    c.data.withUnsafeMutableBufferPointer { c in body(a, b, c) }
                }
            }
        }
    }

    /// The loops of Products, each as a step.
    static func loops(_ id: String, _ name: Text, _ short: Text,
                      _ loop: @escaping @Sendable (Int, Int, Int, Floats, Floats, MutableFloats) -> Void) -> Step {
        Step(id: id, name: name, short: short) { operands, c in
            let (m, n, k) = (operands.shape.m, operands.shape.n, operands.shape.k)
            operands.withElements(of: &c) { a, b, c in loop(m, n, k, a, b, c) }
        }
    }

    static let steps: [Step] = [
        loops("definition", Text(en: "the definition (i-j-p)", zh: "定义（i-j-p）"), Text(en: "definition", zh: "定义")) {
            Products.definition(m: $0, n: $1, k: $2, $3, $4, into: $5)
        },
        loops("loop-order", Text(en: "loop order i-p-j", zh: "循环顺序 i-p-j"), Text(en: "i-p-j", zh: "i-p-j")) {
            Products.rowByRow(m: $0, n: $1, k: $2, $3, $4, into: $5)
        },
        loops("tile", Text(en: "4×16 tiles, packed panel", zh: "4×16 分块，打包的面板"), Text(en: "4×16 tile", zh: "4×16 分块")) {
            Products.tiled(m: $0, n: $1, k: $2, $3, $4, into: $5)
        },
        loops("simd", Text(en: "SIMD16 tiles", zh: "SIMD16 分块"), Text(en: "SIMD16", zh: "SIMD16")) {
            Products.vectorised(m: $0, n: $1, k: $2, $3, $4, into: $5)
        },
        loops("two-threads", Text(en: "SIMD16 tiles, two threads", zh: "SIMD16 分块，两个线程"), Text(en: "2 threads", zh: "两个线程")) {
            Products.twoThreads(m: $0, n: $1, k: $2, $3, $4, into: $5)
        },
        Step(id: "engine", name: Text(en: "the engine's Matrix.gemm", zh: "引擎的 Matrix.gemm"),
             short: Text(en: "Matrix.gemm", zh: "Matrix.gemm")) { operands, c in
            Products.engine(operands.a, operands.b, into: &c)
        },
    ]

    static let reversed = loops("reversed", Text(en: "the definition, p from k − 1 down to 0", zh: "定义，但 p 从 k − 1 倒着数到 0"),
                                Text(en: "reversed", zh: "倒序")) {
        Products.reversedOrder(m: $0, n: $1, k: $2, $3, $4, into: $5)
    }

    /// The shapes: the training step's X·W (a batch of 64 images of 784 pixels times the hidden
    /// layer's 784×128 weights) and a square one; --quick takes small ones.
    var shapes: [Shape] {
        quick ? [Shape(m: 8, n: 32, k: 40), Shape(m: 16, n: 16, k: 24)]
              : [Shape(m: 64, n: 128, k: 784), Shape(m: 256, n: 256, k: 256)]
    }

    /// How many elements of `c` differ in their bits from `reference`.
    static func differing(_ c: Matrix, _ reference: Matrix) -> Int {
        zip(c.data, reference.data).filter { $0.bitPattern != $1.bitPattern }.count
    }

    /// The best GFLOP/s of `step` on `operands` over `runs` timed runs, after one that warms up.
    static func gflops(_ step: Step, _ operands: Operands, runs: Int) -> Double {
        var c = Matrix(rows: operands.shape.m, cols: operands.shape.n)
        step.run(operands, &c)
        var best = Double.infinity
        for _ in 0..<runs {
            let start = ContinuousClock.now
            step.run(operands, &c)
            best = min(best, start.secondsUntilNow)
        }
        return operands.shape.operations / max(best, 1e-9) / 1e9
    }

    // MARK: - The appendix

    func run() throws {
        let nb = Notebook(appendix: "A", title: Text(en: "How the engine multiplies matrices fast", zh: "引擎怎样快速地做矩阵乘法"),
                          options: options, release: true)
        let committed = try committedSpeeds(required: options.writesPage)
        let operands = shapes.map { Operands($0, seed: options.seed) }
        if !Build.isRelease {
            nb.terminal.notice(Text(en: "  [debug build] this run checks the bits but times nothing: run `swift run -c release AppendixA` "
                                        + "to see the speeds of this machine.",
                                    zh: "  [debug 构建] 本次运行只核对比特，不计时：运行 `swift run -c release AppendixA` 才能看到本机的速度。").in(nb.language))
        }
        var measured: [String: [Double]] = [:]
        definition(nb, operands, committed, &measured)
        loopOrder(nb, operands, committed, &measured)
        tiles(nb, operands, committed, &measured)
        vectors(nb, operands, committed, &measured)
        twoThreads(nb, operands, committed, &measured)
        engine(nb, operands, committed, &measured)
        try sideBySide(nb, committed, measured)
        summary(nb)
        exercises(nb, operands)
        furtherReading(nb)
        if let measureInto { try measure(operands, into: measureInto, nb) }
        try nb.finish()
    }

    /// The committed measurement, from the package's folder; nil (with a notice) when it cannot be
    /// read and no page needs it.
    func committedSpeeds(required: Bool) throws -> Speeds? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent(Speeds.file).path
        do {
            return try Speeds(csv: try String(contentsOfFile: path, encoding: .utf8), source: Speeds.file)
        } catch {
            if required || FileManager.default.fileExists(atPath: path) { throw error is WorkbookError ? error : WorkbookError(
                "cannot read \(path), the committed measurement the pages show: run the appendix from a source checkout, "
                + "or measure one with `swift run -c release AppendixA --measure-into \(Speeds.file)`.") }
            return nil
        }
    }

    /// Checks `step` on every shape against the definition (page and terminal), times it (terminal
    /// only, release builds), and shows the committed GFLOP/s.
    func check(_ nb: Notebook, _ step: Step, _ operands: [Operands], _ committed: Speeds?,
               _ measured: inout [String: [Double]], bitsOnPage: Bool = true) {
        for ops in operands {
            let count = Self.differing(ops.product(by: step), ops.definition)
            let label = Text(en: "\(step.name.en): elements unlike the definition's, \(ops.shape.label)",
                             zh: "\(step.name.in(.zh))：与定义不同的元素，\(ops.shape.label)")
            let value = Text(en: "\(count) of \(ops.shape.m * ops.shape.n)", zh: "\(count)（共 \(ops.shape.m * ops.shape.n) 个）")
            if bitsOnPage {
                nb.result(label, value)
            } else {
                nb.terminal.notice("  \(label.in(nb.language)): \(value.in(nb.language))")
            }
        }
        if Build.isRelease {
            let speeds = operands.map { Self.gflops(step, $0, runs: repetitions) }
            measured[step.id] = speeds
            let list = zip(operands, speeds).map { "\(String(format: "%.2f", $1)) GFLOP/s (\($0.shape.label))" }
            nb.terminal.notice(Text(en: "  on this machine, \(Build.current.title.en): ", zh: "  本机，\(Build.current.title.in(.zh))：").in(nb.language)
                               + list.joined(separator: ", "))
        }
        if let committed, let shape = operands.first?.shape {
            let values = Build.allCases.map { build in committed.gflops(step.id, shape, build).map { String(format: "%.2f", $0) } ?? "—" }
            nb.result(Text(en: "GFLOP/s on \(shape.label) as measured (portable build / built for the processor)",
                           zh: "实测 \(shape.label) 上的 GFLOP/s（通用构建 / 为本机处理器构建）"),
                      values.joined(separator: " / "))
        }
    }

    func definition(_ nb: Notebook, _ operands: [Operands], _ committed: Speeds?, _ measured: inout [String: [Double]]) {
        nb.section(Text(en: "The definition", zh: "定义"))
        nb.text(Text(en: """
            Every matrix product of the workbook, a layer's X·W, the gradients Xᵀ·dZ and dZ·Wᵀ, a \
            convolution's one big product, goes through one function, Matrix.gemm. What it computes is \
            fixed down to the last bit: each element c[i][j] starts at β·c[i][j] (at 0 when β = 0) and \
            adds a[i][p]·b[p][j] for p = 0, 1, …, k − 1, in that order, each time as one fused \
            multiply-add: the exact value of sum + a·b, rounded once to the nearest Float. In Swift that \
            is sum.addingProduct(a, b), in C fmaf(a, b, sum). Written as loops, it is the textbook \
            triple loop. Each matrix is its elements row after row, read where they lie (Floats; \
            MutableFloats for c, which is written), so element [i][j] of c is c[i * n + j]:
            """, zh: """
            工作簿里的每一次矩阵乘法，不论是一层的 X·W、梯度 Xᵀ·dZ 和 dZ·Wᵀ，还是卷积里那一个大\
            乘法，都经过同一个函数 Matrix.gemm。它算出的结果精确到最后一位都是规定好的：每个元素 \
            c[i][j] 从 β·c[i][j] 开始（β = 0 时从 0 开始），按 p = 0, 1, …, k − 1 的顺序依次加上 \
            a[i][p]·b[p][j]，每一次都是一个融合乘加（fused multiply-add）：先精确算出 sum + a·b，\
            再只舍入一次，得到最接近的 Float。在 Swift 里这就是 sum.addingProduct(a, b)，在 C 里\
            是 fmaf(a, b, sum)。写成循环，就是教科书上的三重循环。每个矩阵都是它按行排好的元素，就地\
            读取（Floats；c 要写入，是 MutableFloats），所以 c 的元素 [i][j] 就是 c[i * n + j]：
            """))
        nb.code("definition", file: "Chapters/AppendixA/Products.swift")
        nb.text(Text(en: """
            Why insist on the order? Floating-point addition is not associative: (x + y) + z and \
            x + (y + z) can differ in the last bit, because each addition rounds. A sum of k terms is \
            only defined bit for bit once the order of its additions is, and whether each step rounds \
            once (a fused multiply-add) or twice (a multiplication rounded, then an addition rounded). \
            Fixing both is what lets every faster version below be checked exactly: the number of \
            elements of c whose bits differ from the definition's must be 0, not merely small. And it is \
            what 'the same numbers on every machine' needs from the engine: a product that gives \
            these bits on every processor gives the same trained weights on every processor.
            """, zh: """
            为什么非要规定顺序？因为浮点加法不满足结合律：每做一次加法都要舍入，所以 (x + y) + z \
            和 x + (y + z) 的最后一位可能不同。k 项之和只有在加法的顺序定下来、并且每一步舍入一次\
            （融合乘加）还是两次（乘法舍入一次，加法再舍入一次）也定下来之后，才能逐位确定。把这两\
            点都定死，下面每一个更快的版本才能被严格检查：c 中比特与定义不同的元素个数必须是 0，而\
            不只是“很小”。这也正是“在每台机器上得到同样的数字”需要引擎做到的：一个在任何处理器上\
            都给出这些比特的乘法，在任何处理器上都训练出同样的权重。
            """))
        nb.text(Text(en: """
            The matrices here have the shapes of the training step's X·W, a batch of 64 images of 784 \
            pixels times the 784×128 weights of Chapter 06's hidden layer (m×n×k = 64×128×784), and a \
            square 256×256×256. Their elements are drawn uniformly from [−1, 1) by the seeded generator \
            (seed \(options.seed)). The definition's product is the reference every other version is \
            compared with, element by element, bit for bit:
            """, zh: """
            这里的矩阵取训练步骤里 X·W 的形状：一批 64 张 784 个像素的图像，乘以第 6 章隐藏层 \
            784×128 的权重（m×n×k = 64×128×784）；另外再取一个方阵的 256×256×256。它们的元素由\
            带种子的随机数生成器（种子为 \(options.seed)）在 [−1, 1) 上均匀抽取。定义算出的乘积就\
            是基准，其他每个版本都要和它逐个元素、逐位比较：
            """))
        for ops in operands {
            let c00 = ops.definition[0, 0]
            let bits = String(c00.bitPattern, radix: 16, uppercase: true)
            nb.result(Text(en: "c[0][0] by the definition, \(ops.shape.label)", zh: "按定义算出的 c[0][0]，\(ops.shape.label)"),
                      Text(en: "\(c00) (bits 0x\(bits))", zh: "\(c00)（比特 0x\(bits)）"))
        }
        check(nb, Self.steps[0], operands, committed, &measured, bitsOnPage: false)
    }

    func loopOrder(_ nb: Notebook, _ operands: [Operands], _ committed: Speeds?, _ measured: inout [String: [Double]]) {
        nb.section(Text(en: "Loop order and the cache", zh: "循环顺序与缓存"))
        nb.text(Text(en: """
            In the definition's innermost loop p moves on, so a is read along its row i, from \
            neighbouring addresses, but b down its column j: b[p][j] and b[p + 1][j] are n Floats apart, \
            512 bytes for n = 128. The processor moves memory in cache lines of 64 bytes, so for every \
            term it fetches a line and uses 4 bytes of it. And each addition waits for the one before, \
            since they all go into the same sum.
            """, zh: """
            在定义的最内层循环里变化的是 p，所以 a 沿着第 i 行读取，地址彼此相邻；b 却是沿着第 j 列\
            往下读：b[p][j] 和 b[p + 1][j] 相隔 n 个 Float，n = 128 时就是 512 字节。处理器以 64 \
            字节的缓存行为单位搬运内存，于是每算一项都要取来一整行，却只用其中的 4 个字节。而且每一\
            次加法都要等上一次做完，因为它们都加到同一个 sum 上。
            """))
        nb.text(Text(en: """
            Swap the two inner loops (order i-p-j): for each p, read a[i][p] once, multiply it by the \
            whole row p of b, which lies side by side in memory, and add each product to its own c[i][j]:
            """, zh: """
            把里面两层循环对调（顺序 i-p-j）：对每个 p，只读一次 a[i][p]，把它乘以 b 的整个第 p 行\
            （这一行在内存里是连在一起的），再把每个乘积加到各自的 c[i][j] 上：
            """))
        nb.code("loop-order", file: "Chapters/AppendixA/Products.swift")
        nb.text(Text(en: """
            This looks like another way of summing, but follow one element: c[i][j] starts at 0 and \
            takes a[i][0]·b[0][j], then a[i][1]·b[1][j], and so on up to p = k − 1, each as a fused \
            multiply-add. The same operations on the same values in the same order. Between two of its \
            additions the other elements of the row get theirs, which does not touch it. So the bits \
            cannot change, and they do not:
            """, zh: """
            这看起来像是换了一种求和方式，但盯住一个元素看：c[i][j] 从 0 开始，先加上 \
            a[i][0]·b[0][j]，再加上 a[i][1]·b[1][j]，一直到 p = k − 1，每次都是一个融合乘加。同样的\
            值、同样的运算、同样的顺序。在它的两次加法之间，同一行的其他元素各自做了自己的加法，但这\
            碰不到它。所以比特不可能改变，事实上也没有变：
            """))
        check(nb, Self.steps[1], operands, committed, &measured)
        nb.text(Text(en: """
            The innermost loop now walks memory in order and its additions are independent of each \
            other (128 different sums), which a processor can overlap. But every one of them loads \
            c[i][j] and stores it again: for 64×128×784 that is 6.4 million loads and stores of c for \
            6.4 million multiply-adds.
            """, zh: """
            现在最内层循环按顺序访问内存，而且其中的加法互不依赖（是 128 个不同的和），处理器可以让\
            它们重叠执行。但每一次都要把 c[i][j] 读进来再写回去：对 64×128×784 来说，640 万次乘加\
            就伴随着 640 万次对 c 的读和写。
            """))
    }

    func tiles(_ nb: Notebook, _ operands: [Operands], _ committed: Speeds?, _ measured: inout [String: [Double]]) {
        nb.section(Text(en: "Register tiles on a packed panel", zh: "寄存器分块与打包的面板"))
        nb.text(Text(en: """
            A register tile turns this around. Take a 4×16 block of c and keep its 64 sums in a small \
            local array for the whole loop over p (a kernel written for speed keeps them in the \
            processor's registers, hence the name); write them to c once, at the end. At each p, 4 values of a (a[i0][p] … a[i0 + 3][p]) and \
            16 of b (b[p][j0] … b[p][j0 + 15]) make 64 multiply-adds: every value loaded is used 16 or 4 \
            times. Before that, the 16 columns of b the tile needs are copied into a panel, row p right \
            after row p − 1, so that the k rows the tile walks through lie one after another in memory \
            instead of n Floats apart. The panel (k·16 Floats, 49 KB for k = 784) is then used by every \
            4-row block of c.
            """, zh: """
            寄存器分块把这件事倒过来做。取 c 的一个 4×16 的块，在对 p 的整个循环里，把它的 64 个和\
            放在一个小小的局部数组里（为速度而写的内核会把它们放在处理器的寄存器里，这个名字就是\
            这么来的），最后才一次写回 c。每个 p 上，a \
            的 4 个值（a[i0][p] … a[i0 + 3][p]）和 b 的 16 个值（b[p][j0] … b[p][j0 + 15]）构成 64 次\
            乘加：每读进一个值就用上 16 次或 4 次。在此之前，先把这个块要用的 b 的 16 列复制到一块\
            “面板”（panel）里，第 p 行紧跟在第 p − 1 行后面，这样块要走过的 k 行在内存里首尾相接，而\
            不再相隔 n 个 Float。这块面板（k·16 个 Float，k = 784 时为 49 KB）随后被 c 的每一个 4 行\
            的块反复使用。
            """))
        nb.code("tile", file: "Chapters/AppendixA/Products.swift")
        nb.text(Text(en: """
            This is the shape of the fast kernels of BLAS libraries; Goto and van de Geijn's paper \
            (further reading) adds the levels of blocking around it that keep the panels in the caches. \
            The order in which the elements of c are worked on has changed completely, but not how any \
            one of them is summed: tile[r·16 + jj] is c[i0 + r][j0 + jj], and it takes its k terms in the \
            definition's order, one fused multiply-add each.
            """, zh: """
            这正是 BLAS 库里快速内核的形状；Goto 和 van de Geijn 的论文（见延伸阅读）还在它外面加了\
            几层分块，让面板一直留在缓存里。c 的各个元素被计算的先后完全变了，但其中任何一个元素是\
            怎样求和的并没有变：tile[r·16 + jj] 就是 c[i0 + r][j0 + jj]，它按定义的顺序接收自己的 k 项，\
            每项一次融合乘加。
            """))
        check(nb, Self.steps[2], operands, committed, &measured)
    }

    func vectors(_ nb: Notebook, _ operands: [Operands], _ committed: Speeds?, _ measured: inout [String: [Double]]) {
        nb.section(Text(en: "Vectors: sixteen columns at once", zh: "向量：一次算十六列"))
        nb.text(Text(en: """
            The 16 sums of one row of a tile are 16 operations of the same kind: a[i][p] times 16 \
            neighbouring values of b, added to 16 sums. A vector instruction does them at once: an \
            AVX-512 register holds 16 Floats, an AVX2 register 8, a NEON register 4. Swift's \
            SIMD16<Float> is such a vector, and c0.addingProduct(x, y) is a fused multiply-add lane by \
            lane: lane jj computes c0[jj] + x[jj]·y[jj], rounded once. Here the panel is kept as one \
            vector per row, and each row of the tile is one vector of sums:
            """, zh: """
            一个块里同一行的 16 个和，做的是 16 个同类的运算：a[i][p] 乘以 b 中相邻的 16 个值，再\
            加到 16 个和上。一条向量指令就能一次做完：一个 AVX-512 寄存器装得下 16 个 Float，AVX2 \
            寄存器装 8 个，NEON 寄存器装 4 个。Swift 的 SIMD16<Float> 就是这样的向量，\
            c0.addingProduct(x, y) 是逐个通道（lane）的融合乘加：第 jj 个通道计算 \
            c0[jj] + x[jj]·y[jj]，只舍入一次。这里面板的每一行存成一个向量，块的每一行是一个由和组成\
            的向量：
            """))
        nb.code("simd-tile", file: "Chapters/AppendixA/Products.swift")
        nb.text(Text(en: """
            Lanes do not change the bits, because each lane is a different column j. No lane ever adds \
            into another, and each lane still takes its terms in the order p = 0, 1, …, k − 1. Compare a \
            dot product vectorised the other way, by splitting one sum of k terms into 16 partial sums \
            and adding those at the end: that is another order of additions, and it gives other bits \
            (the exercises show what another order does).
            """, zh: """
            通道不会改变比特，因为每个通道对应不同的列 j。没有哪个通道会加到别的通道上，每个通道仍然\
            按 p = 0, 1, …, k − 1 的顺序接收自己的各项。对照另一种向量化点积的办法：把一个 k 项的和拆\
            成 16 个部分和，最后再把它们加起来。那就换了加法的顺序，得到的比特也就不同（练习里会看到\
            换个顺序的后果）。
            """))
        check(nb, Self.steps[3], operands, committed, &measured)
        nb.text(Text(en: """
            What the compiler makes of addingProduct depends on what it may assume about the processor. \
            On arm64 every processor has NEON's fused multiply-add, and a SIMD16 addingProduct becomes \
            four fmla instructions. On x86-64, Swift compiles for every x86-64 processor, including \
            those from before FMA arrived (Intel's Haswell in 2013, AMD's Piledriver in 2012), so it \
            cannot use vfmadd: the compiled code calls the C library's fmaf once per lane, 16 calls per \
            addingProduct, and the scalar versions above likewise call fmaf for every term. The result \
            is still exactly the fused multiply-add (fmaf uses the FMA instruction when the processor \
            has it), only one lane at a time. That is why, in the portable build, the four Swift \
            versions all run at about the speed of a function call per multiply-add. Compiled for the \
            processor at hand (swift build -c release -Xswiftc -target-cpu -Xswiftc native), the same \
            code becomes vfmadd instructions on 256- or 512-bit registers, and each idea shows what it \
            is worth; the table in section 7 has both builds. Such a program stops with 'illegal \
            instruction' on a processor without those instructions.
            """, zh: """
            编译器把 addingProduct 翻译成什么，取决于它能对处理器作何假设。在 arm64 上，每个处理器都\
            有 NEON 的融合乘加，一次 SIMD16 的 addingProduct 就变成四条 fmla 指令。在 x86-64 上，\
            Swift 要为所有 x86-64 处理器编译，其中包括 FMA 出现之前的那些（Intel 在 2013 年的 \
            Haswell、AMD 在 2012 年的 Piledriver 才有），所以它不能用 vfmadd：编译出的代码对每个通道\
            调用一次 C 库的 fmaf，每次 addingProduct 调用 16 次；上面的标量版本也一样，每一项都调用\
            一次 fmaf。结果仍然是精确的融合乘加（处理器有 FMA 指令时 fmaf 就用它），只是一次只算一\
            个通道。正因为如此，在通用构建里，这四个 Swift 版本的速度都差不多是“每次乘加一次函数调\
            用”。如果为手头这台处理器编译（swift build -c release -Xswiftc -target-cpu -Xswiftc \
            native），同样的代码就会变成作用在 256 位或 512 位寄存器上的 vfmadd 指令，每个想法值多\
            少也就显现出来了；第 7 节的表格列出了两种构建。不过这样的程序在没有这些指令的处理器上会\
            因“非法指令”（illegal instruction）而停下。
            """))
    }

    func twoThreads(_ nb: Notebook, _ operands: [Operands], _ committed: Speeds?, _ measured: inout [String: [Double]]) {
        nb.section(Text(en: "Two threads", zh: "两个线程"))
        nb.text(Text(en: """
            The tiles of c do not depend on each other, so two cores can compute them at the same time: \
            one thread takes rows 0 ..< m/2 of c, the other the rest, both reading the same panels of b.
            """, zh: """
            c 的各个块互不依赖，所以两个核心可以同时计算：一个线程负责 c 的第 0 ..< m/2 行，另一个\
            负责其余的行，两者读的是同一份 b 的面板。
            """))
        nb.code("two-threads", file: "Chapters/AppendixA/Products.swift")
        nb.text(Text(en: """
            Every element is still computed by one thread, by the same code, from the same values, so \
            the split can change the time but not the bits. What matters is that the work is split \
            between elements and never inside one: two threads each summing half of the k terms of the \
            same c[i][j], and then adding the two halves, would be another order of additions. The \
            engine cuts its products the same way, always into the same two pieces whatever the machine, \
            so one core or two give the same bits.
            """, zh: """
            每个元素仍然只由一个线程、用同样的代码、从同样的值算出来，所以这样拆分能改变的只是时间，\
            而不是比特。关键在于工作是在元素之间拆分的，从不拆开一个元素：如果两个线程各算同一个 \
            c[i][j] 的一半项，最后再把两半加起来，那就换了加法的顺序。引擎也是这样切分它的乘法，而且\
            不管在什么机器上都切成同样的两块，所以一个核心和两个核心给出同样的比特。
            """))
        check(nb, Self.steps[4], operands, committed, &measured)
        // How long the vectorised 64×128×784 product takes, at the speed measured for its SIMD16
        // tiles built for the processor (90 GFLOP/s when no measurement is at hand).
        let shape = Shape(m: 64, n: 128, k: 784)
        let speed = committed?.gflops("simd", shape, .native) ?? 90
        let operations = 2 * Double(shape.m * shape.n * shape.k)
        let took = String(format: "%.0f GFLOP/s: %.2f ms", speed, operations / speed / 1e6)
        let tookInChinese = String(format: "按 %.0f GFLOP/s 计是 %.2f 毫秒", speed, operations / speed / 1e6)
        nb.text(Text(en: """
            Pieces.run is the engine's own way of running two pieces at once, the one its products use. \
            Its second thread is started once and, after each piece, stays awake for a while (the next \
            piece usually follows within microseconds), since a thread that is asleep takes tens of \
            microseconds to wake: about as long as the whole 64×128×784 product \
            takes once it is vectorised (12.8 million operations at \(took)). On a machine \
            with one core, the calling thread does both halves, one after the other: the same bits, \
            later. Two threads halve the time only when a second core is free and the halves are long \
            enough to be worth handing over; section 7 puts this step beside the one before.
            """, zh: """
            Pieces.run 是引擎自己同时运行两块工作的办法，引擎的乘法用的就是它。它的第二个线程只启动\
            一次，每做完一块还会再醒着等一会儿（下一块通常几微秒之内就来），因为一个睡着的线程要花几十微秒才能醒来，差不多就是\
            向量化之后整个 64×128×784 乘法所用的时间（1280 万次运算，\(tookInChinese)）。\
            在只有一个核心的机器上，调用它的线程一前一后把两半都做完：比特相同，只是慢一些。只有第二个\
            核心空闲、两半又长到值得交出去的时候，两个线程才能把时间减半；第 7 节把这一步和上一步\
            并排列出。
            """))
    }

    func engine(_ nb: Notebook, _ operands: [Operands], _ committed: Speeds?, _ measured: inout [String: [Double]]) {
        nb.section(Text(en: "The engine's own kernel", zh: "引擎自己的内核"))
        nb.text(Text(en: """
            Matrix.gemm is the product every layer calls:
            """, zh: """
            Matrix.gemm 就是每一层都在调用的乘法：
            """))
        nb.code("engine", file: "Chapters/AppendixA/Products.swift")
        nb.text(Text(en: """
            Its kernel is built from the pieces above: packed panels of b, register tiles, vectors \
            and two threads. It is written in C (Sources/CMatrixKernel) and compiled three times: for \
            AVX-512 (sixteen lanes), for AVX2 with FMA (eight lanes), and as portable code of four \
            lanes, which on ARM is NEON's fused multiply-add and elsewhere calls fmaf. When the \
            program starts it asks the processor what it has and picks the widest (the terminal prints \
            which), so it needs no build flag and runs on any processor. The heart of it is the \
            tile's loop, the Swift SIMD tile of the section before written in C:
            """, zh: """
            它的内核正是由上面这些部件搭成的：b 的打包面板、寄存器分块、向量和两个线程。它用 C 写成\
            （Sources/CMatrixKernel），编译了三份：AVX-512 一份（十六个通道），AVX2 加 FMA 一份（八个\
            通道），还有一份四个通道的通用代码，在 ARM 上就是 NEON 的融合乘加，在别的处理器上则调用 \
            fmaf。程序启动时先问处理器有哪些指令，再挑最宽的一份（终端会打印挑了哪一份），所以不需要\
            任何编译选项，在任何处理器上都能运行。它的核心是分块的那个循环，也就是上一节 Swift SIMD \
            分块用 C 写出来的样子：
            """))
        nb.code("tile", file: "Sources/CMatrixKernel/Kernel.inc")
        nb.text(Text(en: """
            Every kernel sums each element in the definition's order with one fused multiply-add per \
            term, so every one gives the definition's bits:
            """, zh: """
            每一份内核都按定义的顺序、每一项一次融合乘加地计算每个元素，所以每一份都给出和定义相同的比特：
            """))
        check(nb, Self.steps[5], operands, committed, &measured)
        nb.terminal.notice(Text(en: "  Matrix.gemm on this machine runs: \(Self.engineKernel)",
                                zh: "  本机上 Matrix.gemm 用的是：\(Self.engineKernel)").in(nb.language))
    }

    /// The committed speeds as a table and a figure, and where they were measured; the reader's own in the terminal.
    func sideBySide(_ nb: Notebook, _ committed: Speeds?, _ measured: [String: [Double]]) throws {
        nb.section(Text(en: "All the steps side by side", zh: "各步并排比较"))
        let shapes = [Shape(m: 64, n: 128, k: 784), Shape(m: 256, n: 256, k: 256)]
        if let committed {
            let machine = committed.machine
            let when = Build.allCases.compactMap { committed.taken($0, in: .en) }
            let whenInChinese = Build.allCases.compactMap { committed.taken($0, in: .zh) }
            nb.text(Text(en: """
                GFLOP/s of each version: 2·m·n·k floating-point operations (a multiply and an add per term) \
                divided by the time of the fastest of its runs, in billions per second. Measured on \
                \(machine.en); run swift run -c release AppendixA to see yours (the terminal prints them). \
                The builds: \(when.joined(separator: "; ")). A load \
                average above the number of cores means that other programs were running at the same \
                time, taking their share of the processor: on a quiet machine every number is higher.
                """, zh: """
                每个版本的 GFLOP/s：2·m·n·k 次浮点运算（每一项一次乘法、一次加法）除以它最快一次运行\
                所用的时间，单位是每秒十亿次。测量所用的机器：\(machine.in(.zh))；运行 swift run -c release \
                AppendixA 就能看到你自己机器上的数字（打印在终端里）。所用的构建：\
                \(whenInChinese.joined(separator: "；"))。平均负载\
                （load average）高于核心数，说明同时还有别的程序在运行、分走了一部分处理器：在空闲的\
                机器上，每个数字都会更高。
                """))
            var headers = [Text(en: "step", zh: "步骤")]
            for shape in shapes {
                for build in Build.allCases {
                    headers.append(Text(en: "\(shape.label), \(build.title.en)", zh: "\(shape.label)，\(build.title.in(.zh))"))
                }
            }
            let rows: [[Text]] = Self.steps.map { step in
                [step.name] + shapes.flatMap { shape in
                    Build.allCases.map { build in Text(en: committed.gflops(step.id, shape, build).map { String(format: "%.2f", $0) } ?? "—") }
                }
            }
            nb.table(headers, rows)
            try nb.figure(figure(committed, shapes, .en), chinese: figure(committed, shapes, .zh))
        }
        if Build.isRelease {
            let own = quick ? self.shapes : shapes
            let lines = TerminalTable.lines(
                headers: [Text(en: "step", zh: "步骤").in(nb.language)]
                    + own.map { Text(en: "\($0.label), \(Build.current.title.en)", zh: "\($0.label)，\(Build.current.title.in(.zh))").in(nb.language) },
                rows: Self.steps.map { step in [step.name.in(nb.language)] + (measured[step.id] ?? []).map { String(format: "%.2f", $0) } })
            nb.terminal.notice(Text(en: "  GFLOP/s on this machine (\(Machine.description)):", zh: "  本机的 GFLOP/s（\(Machine.description)）：").in(nb.language))
            for line in lines { nb.terminal.notice(line) }
            nb.terminal.notice("")
        }
    }

    /// Bars of GFLOP/s per step, one for each shape and build, on a log scale.
    func figure(_ speeds: Speeds, _ shapes: [Shape], _ language: Language) -> Figure {
        let zh = language == .zh
        var figure = Figure(name: zh ? "appendix-a-speeds.zh" : "appendix-a-speeds",
                            title: zh ? "c = a·b 的每一步：GFLOP/s（对数坐标，越高越快）"
                                      : "c = a·b one step at a time: GFLOP/s (log scale, higher is faster)",
                            xLabel: zh ? "步骤（每一步都与定义逐位相同）" : "step (every one gives the definition's bits)",
                            yLabel: "GFLOP/s")
        let groups = shapes.flatMap { shape in Build.allCases.map { (shape, $0) } }
        let colors = ["#9ecae1", "#1f77b4", "#fdae6b", "#e6550d"]
        let width = 0.8 / Double(groups.count)
        var values: [Double] = []
        for (g, (shape, build)) in groups.enumerated() {
            var x: [Double] = [], y: [Double] = []
            for (s, step) in Self.steps.enumerated() {
                guard let v = speeds.gflops(step.id, shape, build) else { continue }
                x.append(Double(s) + (Double(g) - Double(groups.count - 1) / 2) * width)
                y.append(v)
                values.append(v)
            }
            let title = zh ? "\(shape.label)，\(build.title.in(.zh))" : "\(shape.label), \(build.title.en)"
            if !x.isEmpty { figure.series.append(Series(title, x: x, y: y, style: .bars(width: width), color: colors[g % colors.count])) }
        }
        figure.logY = true
        let low = values.min() ?? 0.1, high = values.max() ?? 100
        // From the power of ten at or below half the lowest bar to the one above ten times the highest.
        var bottom = 1.0, top = 1.0
        while bottom > low / 2 { bottom /= 10 }
        while bottom * 10 <= low / 2 { bottom *= 10 }
        while top < high * 10 { top *= 10 }
        figure.yRange = bottom...top
        figure.xTicks = Self.steps.enumerated().map { (Double($0), $1.short.in(language)) }
        figure.xRange = -0.6...(Double(Self.steps.count) - 0.4)
        figure.legend = .topLeft
        figure.width = 1000
        figure.height = 560
        return figure
    }

    func summary(_ nb: Notebook) {
        nb.section(Text(en: "What to take away", zh: "小结"))
        nb.text(Text(en: """
            A matrix product is fast when it reads memory in order (loop order, packed panels), reuses \
            every value it loads many times from registers (tiles), does many multiply-adds per \
            instruction (vectors) and keeps every core busy (threads). None of these needs a different \
            sum: each reorganises which element is computed when, while every element keeps the \
            definition's additions in the definition's order, one fused multiply-add per term. That is \
            why the count of differing elements is 0 at every step, and why the engine can be fast and \
            give the same bits on every machine. What does change the bits is any change inside one \
            sum: another order of its terms, splitting it into partial sums, or rounding the product \
            before adding it.
            """, zh: """
            矩阵乘法要快，就得按顺序读内存（循环顺序、打包面板），让读进来的每个值在寄存器里被反复\
            使用（分块），让一条指令做很多次乘加（向量），并让每个核心都忙起来（线程）。这些都不需要\
            换一种求和方式：它们重新安排的是哪个元素在什么时候算，而每个元素都保持定义里的那些加法\
            和定义里的顺序，每一项一次融合乘加。所以每一步与定义不同的元素个数都是 0，引擎也因此既能\
            快，又能在每台机器上给出同样的比特。真正会改变比特的，是对某一个和内部的任何改动：换了各\
            项的顺序、拆成几个部分和，或者先把乘积舍入再相加。
            """))
    }

    func exercises(_ nb: Notebook, _ operands: [Operands]) {
        nb.section(Text(en: "Exercises", zh: "练习"))
        nb.text(Text(en: """
            1. Another order changes the bits. Here is the definition with one change, p counting down \
            from k − 1 to 0; every sum still adds the same k terms, each with one fused multiply-add:
            """, zh: """
            1. 换一个顺序，比特就变了。下面是只改了一处的定义：p 从 k − 1 倒着数到 0；每个和加的仍是\
            同样的 k 项，每项仍是一次融合乘加：
            """))
        nb.code("reversed", file: "Chapters/AppendixA/Products.swift")
        for ops in operands {
            let c = ops.product(by: Self.reversed)
            let count = Self.differing(c, ops.definition)
            let largest = zip(c.data, ops.definition.data).map { abs($0 - $1) }.max() ?? 0
            let scale = ops.definition.data.map(abs).max() ?? 0
            nb.result(Text(en: "reversed order: elements unlike the definition's, \(ops.shape.label)",
                           zh: "倒序：与定义不同的元素，\(ops.shape.label)"),
                      Text(en: "\(count) of \(ops.shape.m * ops.shape.n)", zh: "\(count)（共 \(ops.shape.m * ops.shape.n) 个）"))
            nb.result(Text(en: "reversed order: largest difference, and largest element, \(ops.shape.label)",
                           zh: "倒序：最大的差别，以及最大的元素，\(ops.shape.label)"),
                      Text(en: "\(String(format: "%.2e", largest)) and \(String(format: "%.2f", scale))",
                           zh: "\(String(format: "%.2e", largest))，\(String(format: "%.2f", scale))"))
        }
        nb.text(Text(en: """
            The differences are tiny next to the elements themselves, but they are not zero, and \
            training carries them on: a weight that differs in its last bit after one step goes on from \
            another value, and after a thousand steps it differs in more than its last bit.
            """, zh: """
            和元素本身相比，这些差别微乎其微，但不是零；而训练会把它们一路带下去：一步之后最后一位不同\
            的权重，接下来就从另一个值出发，一千步之后，不同的就不止最后一位了。
            """))
        nb.text(Text(en: """
            2. Replace sum.addingProduct(a, b) in the definition by sum += a * b, which rounds the \
            product before adding it, and count the elements that change.
            3. Try another tile: 8×16 (eight vectors of sums) or 4×32. Is the count still 0? Which is \
            faster in the portable build, and in a build for your processor? With AVX-512, a 4×16 tile \
            has only four independent sums in flight, fewer than the processor could overlap.
            4. Split each sum in two: let one thread add the terms p < k/2 and another the rest, starting \
            from 0, and add the two halves at the end. Count the elements that change.
            5. Build for your processor and compare: swift run -c release -Xswiftc -target-cpu -Xswiftc \
            native AppendixA. To record it beside the committed measurement, add -Xswiftc \
            -DFOR_THIS_PROCESSOR and --measure-into \(Speeds.file).
            """, zh: """
            2. 把定义里的 sum.addingProduct(a, b) 换成 sum += a * b，也就是先把乘积舍入再相加，数一\
            数有多少个元素变了。
            3. 换一种分块：8×16（八个由和组成的向量）或 4×32。不同的元素个数还是 0 吗？在通用构建里\
            和为你的处理器构建时，哪一种更快？在 AVX-512 上，4×16 的块同时只有四个互不依赖的和，比处\
            理器能重叠执行的要少。
            4. 把每个和拆成两半：一个线程从 0 开始加 p < k/2 的各项，另一个线程从 0 开始加其余各项，\
            最后把两半相加。数一数有多少个元素变了。
            5. 为你的处理器构建，再比较：swift run -c release -Xswiftc -target-cpu -Xswiftc native \
            AppendixA。如果要把结果记在提交的测量旁边，再加上 -Xswiftc -DFOR_THIS_PROCESSOR 和 \
            --measure-into \(Speeds.file)。
            """))
    }

    func furtherReading(_ nb: Notebook) {
        nb.section(Text(en: "Further reading", zh: "延伸阅读"))
        nb.table([Text(en: "reading", zh: "读物"), Text(en: "where to find it", zh: "在哪里找"), Text(en: "what it adds", zh: "补充了什么")], [
            [Text(en: "Kazushige Goto and Robert van de Geijn, \"Anatomy of high-performance matrix multiplication\", "
                    + "ACM Transactions on Mathematical Software 34(3), 2008",
                  zh: "Kazushige Goto、Robert van de Geijn，“Anatomy of high-performance matrix multiplication”，"
                    + "ACM Transactions on Mathematical Software 34(3)，2008（英文）"),
             "https://doi.org/10.1145/1356052.1356053",
             Text(en: "the layers of blocking around the register tile, sized for each level of cache, and the packing of A and B",
                  zh: "寄存器分块外面的各层分块如何按各级缓存确定大小，以及 A 和 B 的打包")],
            [Text(en: "Field Van Zee and Robert van de Geijn, \"BLIS: a framework for rapidly instantiating BLAS functionality\", "
                    + "ACM TOMS 41(3), 2015, and the BLIS library",
                  zh: "Field Van Zee、Robert van de Geijn，“BLIS: a framework for rapidly instantiating BLAS functionality”，"
                    + "ACM TOMS 41(3)，2015，以及 BLIS 库（英文）"),
             "https://github.com/flame/blis",
             Text(en: "the same structure as a library: only a small micro-kernel is written per processor",
                  zh: "同样的结构做成一个库：每种处理器只需要写一个小小的微内核")],
            [Text(en: "David Goldberg, \"What every computer scientist should know about floating-point arithmetic\", "
                    + "ACM Computing Surveys 23(1), 1991",
                  zh: "David Goldberg，“What every computer scientist should know about floating-point arithmetic”，"
                    + "ACM Computing Surveys 23(1)，1991（英文）"),
             "https://doi.org/10.1145/103162.103163",
             Text(en: "why rounding makes the order of additions matter", zh: "为什么舍入让加法的顺序变得重要")],
        ])
    }

    // MARK: - Measuring for the pages

    /// Times every step on every shape in three rounds, taking turns, keeps each one's best, and
    /// writes them into `path` in place of this build's earlier measurement.
    func measure(_ operands: [Operands], into path: String, _ nb: Notebook) throws {
        let rounds = 3
        let loadBefore = Machine.load
        let started = Date()
        var best: [String: Double] = [:]
        for round in 1...rounds {
            nb.terminal.notice("  [measure] round \(round) of \(rounds)")
            for ops in operands {
                for step in Self.steps {
                    let key = "\(step.id) \(ops.shape.id)"
                    best[key] = max(best[key] ?? 0, Self.gflops(step, ops, runs: repetitions))
                }
            }
        }
        let loadAfter = Machine.load
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.timeZone = TimeZone(identifier: "UTC")
        format.dateFormat = "yyyy-MM-dd HH:mm"
        let minutes = DateFormatter()
        minutes.locale = format.locale
        minutes.timeZone = format.timeZone
        minutes.dateFormat = "HH:mm"
        let load = [loadBefore, loadAfter].map { $0.map { String(format: "%.2f", $0) } ?? "unknown" }
        let build = Build.current
        let (from, to) = (format.string(from: started), minutes.string(from: Date()))
        let line = "date=\(from.hasSuffix(to) ? from : "\(from)–\(to)") UTC; build=\(build.command); "
            + "runs=\(repetitions); rounds=\(rounds); gemm=\(Self.engineKernel); load=\(load[0]),\(load[1])"
        let rows = operands.flatMap { ops in
            Self.steps.map { Speeds.Row(step: $0.id, shape: ops.shape.id, build: build.rawValue, gflops: best["\($0.id) \(ops.shape.id)"]!) }
        }
        let new = Speeds(about: Machine.about + [(build.rawValue, line)], rows: rows)
        let old = (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { try? Speeds(csv: $0, source: path) }
        let speeds = old?.replacing(build, with: new) ?? new
        try AtomicFile.write(Data(speeds.csv.utf8), to: path, advice: "Pick another file with --measure-into.")
        nb.terminal.notice("  [measure] wrote \(path): \(line)")
    }
}
