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
        let (raw, metadata) = try decodeTensors(bytes, name: name)
        var tensors: [String: Matrix] = [:]
        for tensorName in raw.keys.sorted() {
            let t = raw[tensorName]!
            switch t.shape.count {
            case 1: tensors[tensorName] = Matrix(rows: 1, cols: t.shape[0], data: t.values)
            case 2: tensors[tensorName] = Matrix(rows: t.shape[0], cols: t.shape[1], data: t.values)
            default:
                throw WorkbookError(Text(en: "\(name) cannot be read here: \"\(tensorName)\" has shape \(t.shape); the workbook reads only 1-D and 2-D tensors in this file.",
                                         zh: "\(name) 在这里读不了：\"\(tensorName)\" 的形状是 \(t.shape)，而这种文件里工作簿只读一维和二维张量。"))
            }
        }
        return (tensors, metadata)
    }

    /// A tensor as a safetensors file holds it: a name, a shape of any number of dimensions, the values.
    public struct Tensor: Equatable, Sendable {
        public let name: String
        public let shape: [Int]
        public let values: [Float]
    }

    // What a header may describe. The workbook's largest model (Chapter 08's) has 10 tensors of at most
    // 4 dimensions, names under 20 bytes and 5 metadata entries; these caps are hundreds of times above
    // that, yet a header at the caps costs milliseconds and megabytes to read. Without them, a 90 MB
    // header of 1.5 million empty tensors took 30 s and 6 GB.
    /// At most this many tensors.
    static let maxTensors = 10_000
    /// At most this many dimensions in a shape.
    static let maxDimensions = 8
    /// Tensor names and metadata keys of at most this many bytes.
    static let maxNameLength = 1_024
    /// At most this many metadata entries.
    static let maxMetadataEntries = 1_000
    /// No dimension, and no tensor, larger than this many elements (the 128 MiB of the largest file read, in F32).
    static let maxElements = Gzip.defaultMaxSize / 4
    /// At most this many JSON objects, and values in all, in a header: counted before the JSON is parsed,
    /// so that a header describing too much is refused without building it. A tensor's entry is one
    /// object of 2 to 11 values (its shape's dimensions, two offsets, a dtype).
    static let maxHeaderObjects = maxTensors + 2
    static let maxHeaderValues = maxTensors * (3 + maxDimensions) + 2 * maxMetadataEntries + 8

    /// Why a file's bytes are not a safetensors file the workbook reads, in English and Chinese;
    /// `damaged` when the bytes are broken rather than of a kind the workbook does not read.
    struct Problem: Error {
        let en: String, zh: String, damaged: Bool
        init(_ en: String, zh: String, damaged: Bool = true) { (self.en, self.zh, self.damaged) = (en, zh, damaged) }

        /// The message for a file named `name`.
        func error(_ name: String) -> WorkbookError {
            damaged
                ? WorkbookError(Text(en: "\(name) is not a valid safetensors file: \(en). It may be truncated or damaged; save it again.",
                                     zh: "\(name) 不是有效的 safetensors 文件：\(zh)。文件可能不完整或已损坏，请重新保存。"))
                : WorkbookError(Text(en: "\(name) cannot be read by the workbook: \(en).", zh: "工作簿读不了 \(name)：\(zh)。"))
        }
    }

    /// The tensors (of any number of dimensions) and metadata in the bytes of a safetensors file, every
    /// check of the format made: F32 only, shapes of whole numbers within the caps above, data_offsets
    /// that agree with the shapes and tile the data exactly (no overlap, no gap, nothing outside it).
    /// SafeTensors.decode, SavedModel and ConvNetFile all read through here. `name` is used in messages.
    static func decodeTensors(_ bytes: [UInt8], name: String) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        do { return try decodeTensors(bytes) } catch let problem as Problem { throw problem.error(name) }
    }

    static func decodeTensors(_ bytes: [UInt8]) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        typealias P = Problem
        guard bytes.count >= 8 else {
            throw P("it is only \(bytes.count) bytes long", zh: "它只有 \(bytes.count) 个字节")
        }
        var length: UInt64 = 0
        for k in 0..<8 { length |= UInt64(bytes[k]) << UInt64(8 * k) }
        guard length <= UInt64(maxHeaderLength) else {
            throw P("its header length (\(length) bytes) is implausible", zh: "它的文件头长度（\(length) 字节）不合常理")
        }
        let headerLength = Int(length)
        guard bytes.count - 8 >= headerLength else {
            throw P("the header should be \(headerLength) bytes but the file ends after \(bytes.count - 8)",
                    zh: "文件头应有 \(headerLength) 字节，但文件在 \(bytes.count - 8) 字节后就结束了")
        }
        let dataStart = 8 + headerLength
        let (objects, values) = bytes.withUnsafeBufferPointer { jsonCounts($0[8..<dataStart]) }
        guard objects <= maxHeaderObjects, values <= maxHeaderValues else {
            throw P("its header describes more than the workbook reads (\(objects) objects and \(values) values; at most "
                        + "\(maxTensors) tensors of up to \(maxDimensions) dimensions and \(maxMetadataEntries) metadata entries)",
                    zh: "它的文件头描述的内容超出了工作簿能读的范围（\(objects) 个对象、\(values) 个值；"
                        + "最多 \(maxTensors) 个张量、每个至多 \(maxDimensions) 维，元数据至多 \(maxMetadataEntries) 项）",
                    damaged: false)
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes[8..<dataStart]), options: []),
              let header = object as? [String: Any] else {
            throw P("its header is not a JSON object", zh: "它的文件头不是一个 JSON 对象")
        }
        let dataLength = bytes.count - dataStart

        var metadata: [String: String] = [:]
        if let meta = header["__metadata__"] {
            guard let dict = meta as? [String: Any] else { throw P("__metadata__ is not an object", zh: "__metadata__ 不是一个对象") }
            guard dict.count <= maxMetadataEntries else {
                throw P("its metadata has \(dict.count) entries, more than the \(maxMetadataEntries) the workbook reads",
                        zh: "它的元数据有 \(dict.count) 项，超过了工作簿能读的 \(maxMetadataEntries) 项", damaged: false)
            }
            for key in dict.keys.sorted() {
                guard key.utf8.count <= maxNameLength else {
                    throw P("a metadata key is \(key.utf8.count) bytes long, more than \(maxNameLength)",
                            zh: "有一个元数据键长 \(key.utf8.count) 字节，超过了 \(maxNameLength) 字节", damaged: false)
                }
                guard let string = dict[key] as? String else {
                    throw P("metadata \"\(key)\" is not a string", zh: "元数据 \"\(key)\" 不是字符串")
                }
                metadata[key] = string
            }
        }

        let names = header.keys.filter { $0 != "__metadata__" }.sorted()
        guard names.count <= maxTensors else {
            throw P("it holds \(names.count) tensors, more than the \(maxTensors) the workbook reads",
                    zh: "它有 \(names.count) 个张量，超过了工作簿能读的 \(maxTensors) 个", damaged: false)
        }
        var entries: [(name: String, shape: [Int], begin: Int, end: Int)] = []
        for tensorName in names {
            guard tensorName.utf8.count <= maxNameLength else {
                throw P("a tensor name is \(tensorName.utf8.count) bytes long, more than \(maxNameLength)",
                        zh: "有一个张量名长 \(tensorName.utf8.count) 字节，超过了 \(maxNameLength) 字节", damaged: false)
            }
            guard let info = header[tensorName] as? [String: Any] else {
                throw P("the entry for \"\(tensorName)\" is not an object", zh: "\"\(tensorName)\" 的条目不是一个对象")
            }
            guard let dtype = info["dtype"] as? String else {
                throw P("\"\(tensorName)\" has no dtype", zh: "\"\(tensorName)\" 没有 dtype")
            }
            guard dtype == "F32" else {
                throw P("its tensor \"\(tensorName)\" holds \(dtype) numbers, and the workbook reads only F32 (32-bit floats); "
                            + "convert the file to float32 first (in PyTorch, tensor.float())",
                        zh: "它的张量 \"\(tensorName)\" 存的是 \(dtype) 类型的数，而工作簿只读 F32（32 位浮点数）；"
                            + "请先把文件转换为 float32（在 PyTorch 中用 tensor.float()）", damaged: false)
            }
            guard let shape = integers(info["shape"]), shape.count <= maxDimensions, shape.allSatisfy({ $0 <= maxElements }) else {
                throw P("\"\(tensorName)\" has no valid shape (at most \(maxDimensions) whole numbers from 0 to \(maxElements))",
                        zh: "\"\(tensorName)\" 没有有效的形状（应为至多 \(maxDimensions) 个 0 到 \(maxElements) 之间的整数）")
            }
            guard let offsets = integers(info["data_offsets"]), offsets.count == 2 else {
                throw P("\"\(tensorName)\" has no valid data_offsets", zh: "\"\(tensorName)\" 没有有效的 data_offsets")
            }
            var count = 1
            for d in shape {
                let (product, overflow) = count.multipliedReportingOverflow(by: d)
                guard !overflow, product <= dataLength / 4 else {
                    throw P("\"\(tensorName)\" has shape \(shape), larger than the file",
                            zh: "\"\(tensorName)\" 的形状是 \(shape)，比文件本身还大")
                }
                count = product
            }
            let (begin, end) = (offsets[0], offsets[1])
            guard begin <= end, end - begin == count * 4 else {
                throw P("\"\(tensorName)\" has shape \(shape) but data_offsets [\(begin), \(end)] (\(count * 4) bytes expected)",
                        zh: "\"\(tensorName)\" 的形状是 \(shape)，但 data_offsets 是 [\(begin), \(end)]（应当相差 \(count * 4) 字节）")
            }
            guard end <= dataLength else {
                throw P("\"\(tensorName)\" needs bytes \(begin)..<\(end) of the data but the file holds only \(dataLength)",
                        zh: "\"\(tensorName)\" 需要数据区的第 \(begin)..<\(end) 字节，但文件只有 \(dataLength) 字节数据")
            }
            entries.append((tensorName, shape, begin, end))
        }
        // The tensors must tile the data exactly: no overlaps, no gaps, nothing after the last one.
        let sorted = entries.sorted { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        for (a, b) in zip(sorted, sorted.dropFirst()) where b.begin < a.end {
            throw P("tensors \"\(a.name)\" and \"\(b.name)\" overlap (bytes \(a.begin)..<\(a.end) and \(b.begin)..<\(b.end))",
                    zh: "张量 \"\(a.name)\" 和 \"\(b.name)\" 重叠（字节 \(a.begin)..<\(a.end) 和 \(b.begin)..<\(b.end)）")
        }
        var position = 0
        for r in sorted {
            guard r.begin == position else {
                throw P("there is a gap before tensor \"\(r.name)\"", zh: "张量 \"\(r.name)\" 前面有一段空隙")
            }
            position = r.end
        }
        guard position == dataLength else {
            throw P("the tensors cover \(position) bytes of data but \(dataLength) follow the header",
                    zh: "张量只占了 \(position) 字节数据，但文件头后面有 \(dataLength) 字节")
        }
        var tensors: [String: Tensor] = [:]
        bytes.withUnsafeBufferPointer { src in
            for e in entries {
                var values = [Float](repeating: 0, count: (e.end - e.begin) / 4)
                var p = dataStart + e.begin
                for k in values.indices {
                    values[k] = Float(bitPattern: UInt32(src[p]) | UInt32(src[p + 1]) << 8 | UInt32(src[p + 2]) << 16 | UInt32(src[p + 3]) << 24)
                    p += 4
                }
                tensors[e.name] = Tensor(name: e.name, shape: e.shape, values: values)
            }
        }
        return (tensors, metadata)
    }

    /// How many JSON objects, and values in all (one more than the separating commas), the bytes would
    /// parse into, counted outside strings without parsing them.
    static func jsonCounts(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> (objects: Int, values: Int) {
        let (quote, backslash, brace, comma) = (UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "{"), UInt8(ascii: ","))
        var objects = 0, commas = 0, inString = false, k = bytes.startIndex
        let base = bytes.base
        while k < bytes.endIndex {
            let b = base[k]
            if inString {
                if b == backslash { k += 1 } else if b == quote { inString = false }
            } else if b == quote {
                inString = true
            } else if b == brace {
                objects += 1
            } else if b == comma {
                commas += 1
            }
            k += 1
        }
        return (objects, commas + 1)
    }

    /// The first of `tensors` (in name order) holding a value that is not finite (NaN or ±∞), or nil.
    static func firstNonFinite(_ tensors: [String: [Float]]) -> String? {
        tensors.keys.sorted().first { !tensors[$0]!.allSatisfy(\.isFinite) }
    }

    /// An array of non-negative whole numbers from a JSON value, or nil (for 2.5, -1, "3" or 1e300 too).
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
