// Fuzz target: the safetensors reader, from bytes in memory; what it accepts must encode again.
// Built and run by scripts/fuzz.

import Engine

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafeTensors(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let (tensors, metadata) = try? SafeTensors.decode(bytes, name: "fuzz.safetensors") else { return 0 }
    let pairs = tensors.map { ($0.key, $0.value) }
    if let again = try? SafeTensors.encode(pairs, metadata: metadata) {
        precondition((try? SafeTensors.decode(again, name: "again"))?.tensors.count == tensors.count)
    }
    return 0
}
