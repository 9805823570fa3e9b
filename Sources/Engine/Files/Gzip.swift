// Gzip: reading (and, for tests and tools, writing) gzip-compressed bytes through zlib.
//
// The data sets arrive gzip-compressed (`*.gz`). `Gzip.decompress` inflates a whole buffer in one
// go, growing the output as needed; `readFile` reads a file and inflates it only when it starts
// with the gzip magic bytes 1f 8b, so the same code reads `train-images-idx3-ubyte` and
// `train-images-idx3-ubyte.gz`. A file cut short or damaged in transit becomes a WorkbookError
// that names the file and says to download it again.

import CZlib
import Foundation

public enum Gzip {
    /// True when `bytes` starts with the gzip magic number 1f 8b.
    public static func isGzip<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        var it = bytes.makeIterator()
        return it.next() == 0x1f && it.next() == 0x8b
    }

    /// The decompressed contents of a gzip (or zlib) stream. Concatenated gzip members are
    /// decompressed one after another, as `gunzip` does. `name` is used in error messages.
    public static func decompress(_ compressed: Data, name: String) throws -> [UInt8] {
        try compressed.withUnsafeBytes { raw in
            try decompress(UnsafeRawBufferPointer(raw), name: name)
        }
    }

    /// As `decompress(_:name:)`, over bytes already in memory.
    public static func decompress(_ input: UnsafeRawBufferPointer, name: String) throws -> [UInt8] {
        func corrupt(_ detail: String) -> WorkbookError {
            WorkbookError("""
                \(name) is corrupt or incomplete (\(detail)). \
                Delete it and download it again (for the embedded digits: run scripts/setup).
                """)
        }
        guard input.count > 0, let inputBase = input.baseAddress else { throw corrupt("the file is empty") }

        // The gzip trailer holds the uncompressed size modulo 2³²: a good first guess for the output.
        var capacity = max(input.count * 4, 1 << 16)
        if isGzip(input), input.count >= 18 {
            let n = input.count
            let hint = Int(input[n - 4]) | Int(input[n - 3]) << 8 | Int(input[n - 2]) << 16 | Int(input[n - 1]) << 24
            if hint > 0 { capacity = max(capacity, hint) }
        }
        var output = [UInt8](repeating: 0, count: capacity)
        var produced = 0

        var stream = z_stream()
        // 15 + 32: the largest window, and detect a gzip or zlib header automatically.
        guard inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw WorkbookError("zlib could not start decompressing \(name) (out of memory?)")
        }
        defer { inflateEnd(&stream) }

        var consumed = 0
        while true {
            if produced == output.count {
                output.append(contentsOf: repeatElement(0, count: output.count))   // double the buffer
            }
            let remainingIn = min(input.count - consumed, Int(UInt32.max))
            let room = min(output.count - produced, Int(UInt32.max))
            let status: Int32 = output.withUnsafeMutableBufferPointer { out in
                stream.next_in = UnsafeMutablePointer(mutating: inputBase.assumingMemoryBound(to: Bytef.self) + consumed)
                stream.avail_in = uInt(remainingIn)
                stream.next_out = out.baseAddress! + produced
                stream.avail_out = uInt(room)
                let status = inflate(&stream, Z_NO_FLUSH)
                consumed += remainingIn - Int(stream.avail_in)
                produced += room - Int(stream.avail_out)
                return status
            }
            switch status {
            case Z_OK:
                continue
            case Z_STREAM_END:
                // Another gzip member may follow (as `cat a.gz b.gz` makes); trailing zero padding is ignored.
                let rest = input[consumed...]
                if rest.isEmpty || rest.allSatisfy({ $0 == 0 }) {
                    output.removeSubrange(produced...)
                    return output
                }
                guard isGzip(rest) else { throw corrupt("unexpected bytes after the end of the compressed data") }
                guard inflateReset(&stream) == Z_OK else { throw corrupt("zlib could not restart") }
            case Z_BUF_ERROR:
                // No progress possible: either the output is full (grow it next turn) or the input ran out.
                if produced < output.count { throw corrupt("the compressed data ends too early") }
            case Z_DATA_ERROR:
                let why = stream.msg.map { String(cString: $0) } ?? "invalid compressed data"
                throw corrupt(why)
            case Z_MEM_ERROR:
                throw WorkbookError("out of memory while decompressing \(name)")
            default:
                throw corrupt("zlib error \(status)")
            }
        }
    }

    /// The contents of the file at `path`, decompressed when it starts with the gzip magic 1f 8b.
    public static func readFile(_ path: String) throws -> [UInt8] {
        let data = try readRaw(path)
        if isGzip(data) { return try decompress(data, name: path) }
        return [UInt8](data)
    }

    /// The raw bytes of the file at `path`, or a WorkbookError naming it.
    static func readRaw(_ path: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw WorkbookError("no file at \(path)")
        }
        guard !isDirectory.boolValue else { throw WorkbookError("\(path) is a folder, not a file") }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw WorkbookError("cannot read \(path): \(error.localizedDescription)")
        }
    }

    /// `bytes` compressed in gzip format (used by tests and tools that write .gz files).
    public static func compress<C: Collection>(_ bytes: C, level: Int32 = 6) throws -> Data where C.Element == UInt8 {
        var input = [UInt8](bytes)
        var stream = z_stream()
        // 15 + 16: the largest window, with a gzip header and trailer instead of a zlib one.
        guard deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                            zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw WorkbookError("zlib could not start compressing")
        }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(input.count))) + 64
        var output = [UInt8](repeating: 0, count: bound)
        let status: Int32 = input.withUnsafeMutableBufferPointer { inp in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = inp.baseAddress
                stream.avail_in = uInt(inp.count)
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw WorkbookError("zlib could not compress (error \(status))") }
        return Data(output[0..<Int(stream.total_out)])
    }
}
