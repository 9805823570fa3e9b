// SafeTensors: saving and loading named matrices in the safetensors format (as used by Hugging Face).
//
// Layout of a file:
//   8 bytes      N, the header length, a little-endian UInt64
//   N bytes      a JSON object: {"name": {"dtype": "F32", "shape": [rows, cols], "data_offsets": [begin, end]},
//                …, "__metadata__": {"key": "value", …}}, padded with spaces to a multiple of 8 bytes
//   the rest     the tensors' float32 values, little-endian, row after row; offsets count from here
// Tensors are written in sorted name order and the header is built by hand, so saving the same
// tensors twice gives identical bytes. Files are written to a temporary file in the same folder and
// renamed into place, so a crash never leaves half a file behind. Python reads them with
// `safetensors.numpy.load_file(path)`.

import Bilingual
import Foundation

public enum SafeTensors {
    /// The largest header accepted when reading (the format's own limit is 100 MB).
    static let maxHeaderLength = 100_000_000

    /// The bytes of a safetensors file holding `tensors` and `metadata`.
    public static func encode(_ tensors: [(String, Matrix)], metadata: [String: String] = [:]) throws -> [UInt8] {
        let sorted = tensors.sorted { $0.0 < $1.0 }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.0 == b.0 {
            throw WorkbookError(Text(en: "cannot save two tensors named \"\(a.0)\"", zh: "不能保存两个都叫 \"\(a.0)\" 的张量"))
        }
        if let bad = sorted.first(where: { $0.0.isEmpty || $0.0 == "__metadata__" }) {
            throw WorkbookError(Text(en: "\"\(bad.0)\" cannot be used as a tensor name", zh: "\"\(bad.0)\" 不能用作张量的名字"))
        }

        var entries: [String] = []
        var offset = 0
        for (name, m) in sorted {
            let end = offset + m.count * 4
            entries.append("\(jsonString(name)):{\"dtype\":\"F32\",\"shape\":[\(m.rows),\(m.cols)],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(metadata[$0]!))" }
            entries.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        var header = Array("{\(entries.joined(separator: ","))}".utf8)
        while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }

        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + header.count + offset)
        var length = UInt64(header.count).littleEndian
        withUnsafeBytes(of: &length) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: header)
        for (_, m) in sorted {
            for v in m.data {
                let bits = v.bitPattern
                bytes.append(UInt8(truncatingIfNeeded: bits))
                bytes.append(UInt8(truncatingIfNeeded: bits >> 8))
                bytes.append(UInt8(truncatingIfNeeded: bits >> 16))
                bytes.append(UInt8(truncatingIfNeeded: bits >> 24))
            }
        }
        return bytes
    }

    /// The tensors and metadata in the bytes of a safetensors file. `name` is used in error messages.
    /// 1-D tensors of n values load as 1×n matrices; only F32 tensors of 1 or 2 dimensions are accepted.
    public static func decode(_ bytes: [UInt8], name: String) throws -> (tensors: [String: Matrix], metadata: [String: String]) {
        func bad(_ detail: Text) -> WorkbookError {
            WorkbookError(Text(en: "\(name) is not a valid safetensors file: \(detail.en). It may be truncated or damaged; save it again.",
                               zh: "\(name) 不是有效的 safetensors 文件：\(detail.in(.zh))。它可能被截断或损坏了；请重新保存。"))
        }
        guard bytes.count >= 8 else { throw bad(Text(en: "it is only \(bytes.count) bytes long", zh: "它只有 \(bytes.count) 字节")) }
        var length: UInt64 = 0
        for k in 0..<8 { length |= UInt64(bytes[k]) << UInt64(8 * k) }
        guard length <= UInt64(maxHeaderLength) else { throw bad(Text(en: "its header length (\(length) bytes) is implausible", zh: "它的文件头长度（\(length) 字节）不合情理")) }
        let headerLength = Int(length)
        guard bytes.count >= 8 + headerLength else {
            throw bad(Text(en: "the header should be \(headerLength) bytes but the file ends after \(bytes.count - 8)",
                           zh: "文件头应有 \(headerLength) 字节，文件却在 \(bytes.count - 8) 字节后就结束了"))
        }
        let headerBytes = Data(bytes[8..<(8 + headerLength)])
        guard let object = try? JSONSerialization.jsonObject(with: headerBytes, options: []),
              let header = object as? [String: Any] else {
            throw bad(Text(en: "its header is not a JSON object", zh: "它的文件头不是 JSON 对象"))
        }
        let dataStart = 8 + headerLength
        let dataLength = bytes.count - dataStart

        var metadata: [String: String] = [:]
        if let meta = header["__metadata__"] {
            guard let dict = meta as? [String: Any] else { throw bad(Text(en: "__metadata__ is not an object", zh: "__metadata__ 不是对象")) }
            for (key, value) in dict {
                guard let string = value as? String else { throw bad(Text(en: "metadata \"\(key)\" is not a string", zh: "元数据 \"\(key)\" 不是字符串")) }
                metadata[key] = string
            }
        }

        var tensors: [String: Matrix] = [:]
        var ranges: [(begin: Int, end: Int, name: String)] = []
        for (tensorName, value) in header where tensorName != "__metadata__" {
            let quoted = "\"\(tensorName)\""
            guard let info = value as? [String: Any] else {
                throw bad(Text(en: "the entry for \(quoted) is not an object", zh: "\(quoted) 的条目不是对象"))
            }
            guard let dtype = info["dtype"] as? String else { throw bad(Text(en: "\(quoted) has no dtype", zh: "\(quoted) 没有 dtype")) }
            guard dtype == "F32" else {
                throw bad(Text(en: "\(quoted) has dtype \(dtype); the workbook reads only F32",
                               zh: "\(quoted) 的 dtype 是 \(dtype)；本书只读 F32"))
            }
            guard let shape = integers(info["shape"]) else {
                throw bad(Text(en: "\(quoted) has no valid shape", zh: "\(quoted) 没有有效的形状（shape）"))
            }
            guard let offsets = integers(info["data_offsets"]), offsets.count == 2 else {
                throw bad(Text(en: "\(quoted) has no valid data_offsets", zh: "\(quoted) 没有有效的 data_offsets"))
            }
            let (rows, cols): (Int, Int)
            switch shape.count {
            case 1: (rows, cols) = (1, shape[0])
            case 2: (rows, cols) = (shape[0], shape[1])
            default:
                throw bad(Text(en: "\(quoted) has shape \(shape); the workbook reads only 1-D and 2-D tensors",
                               zh: "\(quoted) 的形状是 \(shape)；本书只读一维和二维张量"))
            }
            let (count, overflow) = rows.multipliedReportingOverflow(by: cols)
            guard !overflow, count <= dataLength / 4 else {
                throw bad(Text(en: "\(quoted) has shape \(shape), larger than the file", zh: "\(quoted) 的形状是 \(shape)，比整个文件还大"))
            }
            let (begin, end) = (offsets[0], offsets[1])
            guard begin <= end, end - begin == count * 4 else {
                throw bad(Text(en: "\(quoted) has shape \(shape) but data_offsets [\(begin), \(end)] (\(count * 4) bytes expected)",
                               zh: "\(quoted) 的形状是 \(shape)，data_offsets 却是 [\(begin), \(end)]（应为 \(count * 4) 字节）"))
            }
            guard end <= dataLength else {
                throw bad(Text(en: "\(quoted) needs bytes \(begin)..<\(end) of the data but the file holds only \(dataLength)",
                               zh: "\(quoted) 要用数据的第 \(begin)..<\(end) 字节，文件里的数据却只有 \(dataLength) 字节"))
            }
            var values = [Float](repeating: 0, count: count)
            bytes.withUnsafeBufferPointer { src in
                var p = dataStart + begin
                for k in 0..<count {
                    let bits = UInt32(src[p]) | UInt32(src[p + 1]) << 8 | UInt32(src[p + 2]) << 16 | UInt32(src[p + 3]) << 24
                    values[k] = Float(bitPattern: bits)
                    p += 4
                }
            }
            tensors[tensorName] = Matrix(rows: rows, cols: cols, data: values)
            ranges.append((begin, end, tensorName))
        }
        // The tensors must tile the data exactly: no overlaps, no gaps, nothing after the last one.
        ranges.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
        var position = 0
        for r in ranges {
            guard r.begin == position else {
                throw bad(r.begin < position
                    ? Text(en: "tensor \"\(r.name)\" overlaps another", zh: "张量 \"\(r.name)\" 与另一个张量重叠")
                    : Text(en: "there is a gap before tensor \"\(r.name)\"", zh: "张量 \"\(r.name)\" 前面有一段空隙"))
            }
            position = r.end
        }
        guard position == dataLength else {
            throw bad(Text(en: "the tensors cover \(position) bytes of data but \(dataLength) follow the header",
                           zh: "张量只占了 \(position) 字节的数据，文件头后面却有 \(dataLength) 字节"))
        }
        return (tensors, metadata)
    }

    /// An array of non-negative integers from a JSON value, or nil.
    private static func integers(_ value: Any?) -> [Int]? {
        guard let array = value as? [Any] else { return nil }
        var out: [Int] = []
        for element in array {
            guard let number = element as? NSNumber else { return nil }
            let d = number.doubleValue
            guard d >= 0, d == d.rounded(), d < 9e15 else { return nil }
            out.append(number.intValue)
        }
        return out
    }

    /// `s` as a JSON string literal.
    static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// Saves `tensors` (written in sorted name order) and string `metadata` to a safetensors file at `path`,
/// atomically: a temporary file in the same folder is written, then renamed over `path`.
public func saveSafeTensors(_ tensors: [(String, Matrix)], metadata: [String: String] = [:], to path: String) throws {
    let bytes = try SafeTensors.encode(tensors, metadata: metadata)
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent()
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw WorkbookError(Text(en: "cannot save \(path): the folder \(folder.path) does not exist",
                                 zh: "无法保存 \(path)：文件夹 \(folder.path) 不存在"))
    }
    try AtomicFile.write(Data(bytes), to: path)
}

/// The tensors and metadata of the safetensors file at `path`; a missing, truncated or malformed
/// file is a WorkbookError naming it.
public func loadSafeTensors(_ path: String) throws -> (tensors: [String: Matrix], metadata: [String: String]) {
    guard FileManager.default.fileExists(atPath: path) else {
        throw WorkbookError(Text(en: "no safetensors file at \(path); train and save a model first, or check the path",
                                 zh: "\(path) 处没有 safetensors 文件；请先训练并保存一个模型，或者检查路径"))
    }
    let data = try Gzip.readRaw(path)
    return try SafeTensors.decode([UInt8](data), name: path)
}
