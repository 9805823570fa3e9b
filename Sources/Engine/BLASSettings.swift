// BLASSettings: which BLAS library does the matrix products, and how many threads it may use.
//
// On Linux the products go through OpenBLAS, which picks a kernel for the CPU it finds (its
// "core name", e.g. Haswell; OPENBLAS_CORETYPE overrides the choice) and by default uses one
// thread per core. On macOS they go through Accelerate, which manages its own threads.

import Foundation
#if canImport(Accelerate)
import Accelerate
#else
import CBLAS
#endif

public enum BLASSettings {
    /// "OpenBLAS Haswell, 2 threads" or "Accelerate".
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
            return Int(openblas_get_num_threads())
            #endif
        }
        set {
            precondition(newValue >= 1, "BLAS needs at least one thread, got \(newValue)")
            #if !canImport(Accelerate)
            openblas_set_num_threads(Int32(newValue))
            #endif
        }
    }
}
