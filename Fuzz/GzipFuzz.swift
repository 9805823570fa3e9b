// Fuzz target: the gzip reader, as IDXReader.readFile uses it (capped by the header of the IDX
// file inside), then the IDX parser on whatever came out. Built and run by scripts/fuzz.

import Engine

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGzip(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    guard let out = try? Gzip.decompress(input, name: "fuzz.gz", expectedSize: { IDXReader.expectedFileSize($0) })
    else { return 0 }
    precondition(out.count <= Gzip.defaultMaxSize)
    _ = try? IDXReader.parseImages(bytes: out, name: "fuzz")
    _ = try? IDXReader.parseLabels(bytes: out, name: "fuzz")
    return 0
}
