// Fuzz target: the IDX reader (MNIST's image and label files), from bytes in memory.
// Built and run by scripts/fuzz; every input must be refused with a WorkbookError or accepted,
// never trap, leak, or allocate more than its header can justify.

import Engine

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIDXReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let images = try? IDXReader.parseImages(bytes: bytes, name: "fuzz") {
        precondition(images.pixels.count == images.count * images.rows * images.cols)
    }
    if let labels = try? IDXReader.parseLabels(bytes: bytes, name: "fuzz") {
        precondition(labels.count + 8 == bytes.count)
    }
    _ = IDXReader.expectedFileSize(bytes)
    return 0
}
