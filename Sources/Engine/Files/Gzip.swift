// Gzip: reading (and, for tests and tools, writing) gzip-compressed bytes through zlib.
//
// The data sets arrive gzip-compressed (`*.gz`). `Gzip.decompress` inflates a buffer a chunk at a
// time, never trusting the size the file claims, and refuses output beyond a cap (128 MiB, or what
// the header of the file inside promises); `readFile` reads a file and inflates it only when it starts
// with the gzip magic bytes 1f 8b, so the same code reads `train-images-idx3-ubyte` and
// `train-images-idx3-ubyte.gz`. A file cut short or damaged in transit becomes a WorkbookError
// that names the file and says to download it again.

import Bilingual
import CZlib
import Foundation

public enum Gzip {
    /// True when `bytes` starts with the gzip magic number 1f 8b.
    public static func isGzip<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        var it = bytes.makeIterator()
        return it.next() == 0x1f && it.next() == 0x8b
    }

    /// The most a compressed file may expand to unless the caller says otherwise: 128 MiB. The
    /// largest file the workbook reads, MNIST's or Fashion-MNIST's 60,000 training images, is
    /// 47,040,016 bytes; a file that inflates beyond the cap is refused, whatever its trailer says.
    public static let defaultMaxSize = 128 << 20

    /// The decompressed contents of a gzip (or zlib) stream. Concatenated gzip members are
    /// decompressed one after another, as `gunzip` does. `name` is used in error messages.
    ///
    /// The output grows a chunk at a time as zlib produces it; the size in the gzip trailer is never
    /// trusted. At most `maxSize` bytes are accepted. `expectedSize`, when given, is asked once the
    /// first bytes are out (with at least 64 of them, or all there are) what size the contents can
    /// have (for an IDX file: what its header promises); a stream that goes on past that size is
    /// refused at once, before it allocates more.
    public static func decompress(_ compressed: Data, name: String, maxSize: Int = defaultMaxSize,
                                  expectedSize: (([UInt8]) -> Int?)? = nil) throws -> [UInt8] {
        try compressed.withUnsafeBytes { raw in
            try decompress(UnsafeRawBufferPointer(raw), name: name, maxSize: maxSize, expectedSize: expectedSize)
        }
    }

    /// As `decompress(_:name:maxSize:expectedSize:)`, over bytes already in memory.
    public static func decompress(_ input: UnsafeRawBufferPointer, name: String, maxSize: Int = defaultMaxSize,
                                  expectedSize: (([UInt8]) -> Int?)? = nil) throws -> [UInt8] {
        func corrupt(_ detail: Text) -> WorkbookError {
            WorkbookError(Text(en: """
                \(name) is corrupt or incomplete (\(detail.en)). \
                Delete it and download it again (for the embedded digits: run scripts/setup).
                """, zh: """
                \(name) 已损坏或不完整（\(detail.in(.zh))）。\
                请删除它再重新下载（若是内置的 MNIST 数字，运行 scripts/setup 即可）。
                """))
        }
        guard input.count > 0, let inputBase = input.baseAddress else {
            throw corrupt(Text(en: "the file is empty", zh: "文件是空的"))
        }

        var stream = z_stream()
        // 15 + 32: the largest window, and detect a gzip or zlib header automatically.
        guard inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw WorkbookError(Text(en: "zlib could not start decompressing \(name) (out of memory?)",
                                     zh: "zlib 无法开始解压 \(name)（内存不够了？）"))
        }
        defer { inflateEnd(&stream) }

        let chunkSize = 1 << 16
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var output: [UInt8] = []
        var limit = maxSize
        var asked = expectedSize == nil
        func tooLarge() -> WorkbookError {
            WorkbookError(limit < maxSize
                ? Text(en: "\(name) decompresses to more than the \(limit) bytes the header of its contents promises; "
                        + "the file is damaged. Delete it and download it again.",
                       zh: "\(name) 解压后超过了其内容的文件头声称的 \(limit) 字节；文件损坏了。请删除它再重新下载。")
                : Text(en: "\(name) decompresses to more than \(limit) bytes (\(limit >> 20) MiB), more than any data "
                        + "file the workbook reads; it is damaged or not a data file. Check the file.",
                       zh: "\(name) 解压后超过 \(limit) 字节（\(limit >> 20) MiB），比本书读的任何数据文件都大；"
                        + "它损坏了，或者不是数据文件。请检查这个文件。"))
        }
        func ask() throws {
            asked = true
            guard let size = expectedSize?(output) else { return }
            limit = min(limit, max(size, 0))
            guard output.count <= limit else { throw tooLarge() }
        }
        func accept(_ count: Int) throws {
            guard output.count + count <= limit else { throw tooLarge() }
            output.append(contentsOf: chunk[0..<count])
            if !asked && output.count >= 64 { try ask() }
        }

        var consumed = 0
        while true {
            let remainingIn = min(input.count - consumed, Int(UInt32.max))
            let (status, produced): (Int32, Int) = chunk.withUnsafeMutableBufferPointer { out in
                stream.next_in = UnsafeMutablePointer(mutating: inputBase.assumingMemoryBound(to: Bytef.self) + consumed)
                stream.avail_in = uInt(remainingIn)
                stream.next_out = out.baseAddress!
                stream.avail_out = uInt(chunkSize)
                let status = inflate(&stream, Z_NO_FLUSH)
                consumed += remainingIn - Int(stream.avail_in)
                return (status, chunkSize - Int(stream.avail_out))
            }
            try accept(produced)
            switch status {
            case Z_OK:
                continue
            case Z_STREAM_END:
                // Another gzip member may follow (as `cat a.gz b.gz` makes); trailing zero padding is ignored.
                let rest = input[consumed...]
                if rest.isEmpty || rest.allSatisfy({ $0 == 0 }) {
                    if !asked { try ask() }
                    return output
                }
                guard isGzip(rest) else {
                    throw corrupt(Text(en: "unexpected bytes after the end of the compressed data", zh: "压缩数据结束之后还有多余的字节"))
                }
                guard inflateReset(&stream) == Z_OK else { throw corrupt(Text(en: "zlib could not restart", zh: "zlib 无法重新开始")) }
            case Z_BUF_ERROR:
                // No progress possible with a whole free chunk: the input ran out.
                if produced < chunkSize { throw corrupt(Text(en: "the compressed data ends too early", zh: "压缩数据提前结束了")) }
            case Z_DATA_ERROR, Z_NEED_DICT:
                // zlib's own words, quoted as they are in Chinese.
                let why = stream.msg.map { String(cString: $0) }
                throw corrupt(Text(en: why ?? "invalid compressed data", zh: "压缩数据无效" + (why.map { "：zlib 报告“\($0)”" } ?? "")))
            case Z_MEM_ERROR:
                throw WorkbookError(Text(en: "out of memory while decompressing \(name)", zh: "解压 \(name) 时内存不够了"))
            default:
                throw corrupt(Text(en: "zlib error \(status)", zh: "zlib 错误 \(status)"))
            }
        }
    }

    /// The contents of the file at `path`, decompressed when it starts with the gzip magic 1f 8b.
    /// `maxSize` and `expectedSize` bound what a compressed file may expand to (see `decompress`).
    public static func readFile(_ path: String, maxSize: Int = defaultMaxSize,
                                expectedSize: (([UInt8]) -> Int?)? = nil) throws -> [UInt8] {
        let data = try readRaw(path, maxSize: maxSize)
        if isGzip(data) { return try decompress(data, name: path, maxSize: maxSize, expectedSize: expectedSize) }
        return [UInt8](data)
    }

    /// The raw bytes of the regular file at `path` (at most `maxSize` of them), or a WorkbookError
    /// naming it. A folder, a FIFO or a device is refused before it is opened, so reading never blocks.
    static func readRaw(_ path: String, maxSize: Int = defaultMaxSize) throws -> Data {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { throw WorkbookError(Text(en: "no file at \(path)", zh: "\(path) 处没有文件")) }
            let system = String(cString: strerror(errno))
            throw WorkbookError(Text(en: "cannot read \(path): \(system)", zh: "无法读取 \(path)（系统提示：\(system)）"))
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw WorkbookError(Text(en: "\(path) is a folder, not a file", zh: "\(path) 是文件夹，不是文件"))
        default:
            throw WorkbookError(Text(en: "\(path) is not a regular file (a pipe or a device?); give the path of a file",
                                     zh: "\(path) 不是普通文件（是管道或设备？）；请给出一个文件的路径"))
        }
        guard Int(info.st_size) <= maxSize else {
            throw WorkbookError(Text(en: "\(path) is \(info.st_size) bytes, more than the \(maxSize >> 20) MiB of any data "
                + "file the workbook reads; check the path.",
                zh: "\(path) 有 \(info.st_size) 字节，超过了本书读的任何数据文件的上限 \(maxSize >> 20) MiB；请检查路径。"))
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw WorkbookError(Text(en: "cannot read \(path): \(error.localizedDescription)",
                                     zh: "无法读取 \(path)（系统提示：\(error.localizedDescription)）"))
        }
    }

    /// `bytes` compressed in gzip format (used by tests and tools that write .gz files).
    public static func compress<C: Collection>(_ bytes: C, level: Int32 = 6) throws -> Data where C.Element == UInt8 {
        var input = [UInt8](bytes)
        var stream = z_stream()
        // 15 + 16: the largest window, with a gzip header and trailer instead of a zlib one.
        guard deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                            zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw WorkbookError(Text(en: "zlib could not start compressing", zh: "zlib 无法开始压缩"))
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
        guard status == Z_STREAM_END else {
            throw WorkbookError(Text(en: "zlib could not compress (error \(status))", zh: "zlib 压缩失败（错误 \(status)）"))
        }
        return Data(output[0..<Int(stream.total_out)])
    }
}
