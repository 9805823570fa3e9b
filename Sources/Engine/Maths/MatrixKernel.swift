// MatrixKernel: which of the engine's product kernels runs, and on how many threads.
//
// The products are computed by the engine's own kernels (Sources/CMatrixKernel): one for any
// processor, one for x86-64 with AVX2 and FMA, one with AVX-512. Each gives exactly the bits of
// the definition (ProductDefinition.swift): every element's sum taken in the order p = 0, 1, 2, …
// with one fused multiply-add per step. So the kernel, the number of threads and the processor
// change the speed, never a number: the same seed gives the same weights on every machine.
//
// A large product is cut into `pieces` pieces, always the same rows (or columns) of the result
// (see MatrixProduct); the pieces run on `threads` threads (see Pieces).

import Bilingual
import CMatrixKernel
import Foundation

public enum MatrixKernel {
    /// One of the engine's kernels of the matrix product.
    public enum Kind: Int, CaseIterable, Sendable, CustomStringConvertible {
        /// Four lanes in C vectors: NEON on ARM; elsewhere each fused multiply-add is a call to the
        /// C library's fmaf (slow, the same bits).
        case portable = 0
        /// Eight lanes: x86-64 with AVX2 and FMA (nearly every x86-64 since 2013).
        case avx2 = 1
        /// Sixteen lanes: x86-64 with AVX-512.
        case avx512 = 2

        public var description: String {
            switch self {
            case .portable: return "portable"
            case .avx2: return "AVX2 + FMA"
            case .avx512: return "AVX-512"
            }
        }

        /// A name without spaces, for a command line: "portable", "avx2", "avx512".
        public var identifier: String {
            switch self {
            case .portable: return "portable"
            case .avx2: return "avx2"
            case .avx512: return "avx512"
            }
        }

        /// The kernel named by its identifier, or nil.
        public init?(identifier: String) {
            guard let kind = Self.allCases.first(where: { $0.identifier == identifier }) else { return nil }
            self = kind
        }

        /// Whether this processor can run the kernel.
        public var isAvailable: Bool { nn_kernel_available(Int32(rawValue)) != 0 }

        /// The widest kernel this processor runs.
        public static var best: Kind { Kind(rawValue: Int(nn_best_kernel())) ?? .portable }
    }

    /// How many pieces a large product is cut into: always the same, whatever the machine.
    public static let pieces = 2

    /// The kernel the products use: the widest one this processor runs, unless set. Any kernel
    /// gives the same bits; setting one lets a test or a lesson compare them.
    public static var kind: Kind {
        get { settings.kind }
        set {
            precondition(newValue.isAvailable, "this processor cannot run the \(newValue) kernel")
            settings.kind = newValue
        }
    }

    /// The kernel for products started inside `using(_:_:)` on this thread (or task), if any.
    @TaskLocal private static var chosenHere: Kind?

    /// Runs `body` with its products (those it starts itself, on this thread) computed by `kind`,
    /// leaving the setting for everything else alone: for tests and lessons that compare kernels.
    public static func using<R>(_ kind: Kind, _ body: () throws -> R) rethrows -> R {
        precondition(kind.isAvailable, "this processor cannot run the \(kind) kernel")
        return try $chosenHere.withValue(kind, operation: body)
    }

    /// The kernel a product started here uses.
    static var current: Kind { chosenHere ?? kind }

    /// How many threads run the pieces of one product: 1 or 2 (the default: 2 on a machine with two
    /// cores or more). It changes the speed, never the result.
    public static var threads: Int {
        get { settings.threads }
        set {
            precondition((1...pieces).contains(newValue), "the engine runs products on 1 to \(pieces) threads, got \(newValue)")
            settings.threads = newValue
        }
    }

    /// "AVX-512, 2 threads".
    public static var summary: String { "\(kind), \(threads) thread\(threads == 1 ? "" : "s")" }

    /// Stops the program, with a message in both languages, when this thread flushes subnormal
    /// numbers to zero: the products and every sum would then differ from the page's in their last
    /// bits. Nothing in the workbook turns flushing on; a library built with -ffast-math can.
    static func checkSubnormals() {
        guard nn_denormals_flushed() != 0 else { return }
        let message = Text(
            en: "this thread flushes subnormal numbers to zero (FTZ/DAZ), so the workbook's numbers would differ from its pages; a library built with -ffast-math may have turned it on: run without it",
            zh: "此线程把次正规数冲刷为零（FTZ/DAZ），工作簿算出的数会与页面不同；可能是某个用 -ffast-math 编译的库打开了它：请不用该库再运行")
        stop(message)
    }

    /// Ends the program with `message` in both languages on standard error and exit status 2: for
    /// the two conditions no caller can act on in the middle of a product (and a precondition's
    /// message is left out of an optimised build).
    private static func stop(_ message: Text) -> Never {
        FileHandle.standardError.write(Data((message.en + "\n" + (message.zh ?? "") + "\n").utf8))
        exit(2)
    }

    private static let settings = Settings(kind: startingKind(),
                                           threads: min(pieces, ProcessInfo.processInfo.activeProcessorCount))

    /// The widest kernel, or the one NN_MATRIX_KERNEL names (portable, avx2, avx512): every kernel
    /// gives the same bits, so a whole run with another one (`NN_MATRIX_KERNEL=avx2 scripts/regenerate`
    /// on a machine with AVX-512) shows that its numbers do not depend on the processor.
    private static func startingKind() -> Kind {
        guard let name = ProcessInfo.processInfo.environment["NN_MATRIX_KERNEL"], !name.isEmpty else { return .best }
        let names = Kind.allCases.filter(\.isAvailable).map(\.identifier).joined(separator: ", ")
        guard let kind = Kind(identifier: name), kind.isAvailable else {
            let message = Text(
                en: "NN_MATRIX_KERNEL=\(name): this processor has no such kernel; use one of \(names), or unset it",
                zh: "NN_MATRIX_KERNEL=\(name)：此处理器没有这个内核；请用 \(names) 之一，或者不设置它")
            stop(message)
        }
        return kind
    }

    /// The settings behind a lock, so that reading them from any thread is safe.
    private final class Settings: @unchecked Sendable {
        // @unchecked: the stored values are only read or written while `lock` is held.
        private let lock = NSLock()
        private var storedKind: Kind
        private var storedThreads: Int
        init(kind: Kind, threads: Int) { storedKind = kind; storedThreads = threads }
        var kind: Kind {
            get { lock.withLock { storedKind } }
            set { lock.withLock { storedKind = newValue } }
        }
        var threads: Int {
            get { lock.withLock { storedThreads } }
            set { lock.withLock { storedThreads = newValue } }
        }
    }
}
