// BLASSettings: which BLAS library does the matrix products, and how they use the processor's cores.
//
// On Linux the products go through OpenBLAS, which picks a kernel for the CPU it finds (its "core
// name", e.g. Haswell; OPENBLAS_CORETYPE overrides the choice). On macOS they go through Accelerate.
//
// The engine does not let OpenBLAS split a product between threads: how OpenBLAS splits depends on
// the number of threads, and the split changes the last bits of the sums, so the same seed would
// give other weights on a machine with another number of cores. Instead the engine splits each
// large product itself, always into the same two pieces (rows of the result: see MatrixProduct),
// and OpenBLAS computes each piece on one thread. The pieces run on two threads when the machine
// has two cores or more, one after the other otherwise: the same bits either way.

import Foundation
#if canImport(Accelerate)
import Accelerate
#else
import CBLAS
#endif

public enum BLASSettings {
    /// How many pieces a large product is cut into: always the same, whatever the machine.
    public static let pieces = 2

    /// Makes OpenBLAS use one thread per call, once, before the first product (Matrix.gemm calls this).
    public static func prepare() { _ = singleThreaded }

    private static let singleThreaded: Void = {
        #if !canImport(Accelerate)
        openblas_set_num_threads(1)
        #endif
    }()

    /// How many threads run the pieces of one product: 1 or 2 (the default: 2 on a machine with two
    /// cores or more). It changes the speed, never the result.
    public static var threads: Int {
        get { threadSetting.value }
        set {
            precondition((1...pieces).contains(newValue), "the engine runs products on 1 to \(pieces) threads, got \(newValue)")
            threadSetting.value = newValue
        }
    }

    private static let threadSetting = ThreadSetting(min(pieces, ProcessInfo.processInfo.activeProcessorCount))

    /// The thread count behind a lock, so that reading it from any thread is safe.
    private final class ThreadSetting: @unchecked Sendable {
        // @unchecked: `stored` is only read or written while `lock` is held.
        private let lock = NSLock()
        private var stored: Int
        init(_ value: Int) { stored = value }
        var value: Int {
            get { lock.withLock { stored } }
            set { lock.withLock { stored = newValue } }
        }
    }

    /// "OpenBLAS 0.3.21 Haswell, 2 threads" or "Accelerate".
    public static var summary: String {
        #if canImport(Accelerate)
        return "Accelerate"
        #else
        return "OpenBLAS \(kernel), \(threads) thread\(threads == 1 ? "" : "s")"
        #endif
    }

    /// The CPU kernel OpenBLAS chose ("Haswell", "SkylakeX", ...), or "Accelerate" on macOS.
    public static var kernel: String {
        #if canImport(Accelerate)
        return "Accelerate"
        #else
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name).trimmingCharacters(in: .whitespaces)
        #endif
    }
}
