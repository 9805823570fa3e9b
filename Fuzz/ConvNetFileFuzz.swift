// Fuzz target: Chapter 08's network reader (ConvNetFile), from bytes in memory. A network it accepts is
// run on one image of the width its first layer takes: it must give one score per class name without
// trapping, or the reader should have refused it. Built and run by scripts/fuzz.

import Engine

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConvNetFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let file = try? ConvNetFile.decode(bytes, name: "fuzz.safetensors") else { return 0 }
    let width = file.inputCount!
    precondition(!file.classNames.isEmpty && width > 0)
    guard width <= 1 << 16 else { return 0 }
    let scores = file.network.forward(Matrix(rows: 1, cols: width))
    precondition(scores.rows == 1 && scores.cols == file.classNames.count)
    return 0
}
