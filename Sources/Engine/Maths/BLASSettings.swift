// BLASSettings: which BLAS library does the matrix products, and how many threads it may use.
//
// On Linux the products go through OpenBLAS, which picks a kernel for the CPU it finds (its
// "core name", e.g. Haswell; OPENBLAS_CORETYPE overrides the choice) and by default uses one
// thread per core. On macOS they go through Accelerate, which manages its own threads.
//
// The engine asks OpenBLAS for ONE thread, unless OPENBLAS_NUM_THREADS (or OMP_NUM_THREADS)
// says otherwise. The workbook's products are small: a mini-batch step of 64 × 784 × 128 is
// 6.4 million multiply-adds, tens of microseconds of work. Handing half of that to a second thread
// and waiting for it costs about as much as it saves, and on a machine busy with other programs
// the step waits for whichever thread the system runs last. On a 2-core machine one thread
// trained the Chapter 06 network faster than two (see Benchmarks/Benchmark). The thread count
// also fixes how a product is split, and so the last bits of its sums: one thread everywhere
// means the same seed gives the same weights on machines with any number of cores.

import Foundation
#if canImport(Accelerate)
import Accelerate
#else
import CBLAS
#endif

public enum BLASSettings {
    /// Applies the engine's thread count once, before the first product (Matrix.gemm calls this).
    public static func prepare() { _ = defaultApplied }

    private static let defaultApplied: Void = {
        #if !canImport(Accelerate)
        let environment = ProcessInfo.processInfo.environment
        let chosen = ["OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"].contains { environment[$0] != nil }
        if !chosen { openblas_set_num_threads(1) }
        #endif
    }()

    /// "OpenBLAS 0.3.21 Haswell, 2 threads" or "Accelerate".
    public static var summary: String {
        #if canImport(Accelerate)
        return "Accelerate"
        #else
        let threads = threadCount
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

    /// The number of threads BLAS may use for one product (always 1 reported for Accelerate,
    /// which decides for itself).
    public static var threadCount: Int {
        get {
            #if canImport(Accelerate)
            return 1
            #else
            prepare()
            return Int(openblas_get_num_threads())
            #endif
        }
        set {
            precondition(newValue >= 1, "BLAS needs at least one thread, got \(newValue)")
            prepare()
            #if !canImport(Accelerate)
            openblas_set_num_threads(Int32(newValue))
            #endif
        }
    }
}
