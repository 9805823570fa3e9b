// PNGFile: checks that bytes are one whole PNG image before they replace a figure.
//
// A PNG is an 8-byte signature followed by chunks: a 4-byte big-endian length, a 4-byte type, the
// data, and a CRC-32 of type and data. The first chunk is IHDR (13 bytes: width, height, …), the
// image data is in one or more IDAT chunks, and the last chunk is IEND, which ends the file.
// A program that was cut short by a full disk or a signal leaves a file that fails one of these
// checks: no IEND at the end, a chunk running past the end, or a CRC that does not match.

import Bilingual
import CZlib
import Foundation

public enum PNGFile {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// The image's width and height, after checking that `bytes` are a whole PNG; otherwise a
    /// WorkbookError that names `name` and says what is wrong.
    @discardableResult
    public static func check(_ bytes: [UInt8], name: Text) throws -> (width: Int, height: Int) {
        func bad(_ detail: Text) -> WorkbookError {
            WorkbookError(Text(en: "\(name.en) is not a whole PNG image (\(detail.en))",
                               zh: "\(name.in(.zh)) 不是完整的 PNG 图像（\(detail.in(.zh))）"))
        }
        guard bytes.count >= signature.count else {
            throw bad(bytes.isEmpty ? Text(en: "the file is empty", zh: "文件是空的")
                : Text(en: "the file is only \(bytes.count) bytes long", zh: "文件只有 \(bytes.count) 字节"))
        }
        guard bytes.starts(with: signature) else {
            throw bad(Text(en: "it does not start with the PNG signature", zh: "它不是以 PNG 签名开头的"))
        }
        func word(_ at: Int) -> Int {
            Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
        }
        var position = signature.count
        var size: (width: Int, height: Int)? = nil
        var sawImageData = false
        while true {
            guard bytes.count - position >= 12 else {
                throw bad(Text(en: "it ends in the middle of a chunk, with no IEND chunk", zh: "它在一个数据块中间就结束了，没有 IEND 块"))
            }
            let length = word(position)
            let type = String(decoding: bytes[(position + 4)..<(position + 8)], as: UTF8.self)
            guard length <= bytes.count - position - 12 else {
                throw bad(Text(en: "its \(type) chunk needs \(length) bytes but the file ends first: it is truncated",
                               zh: "它的 \(type) 块需要 \(length) 字节，文件却先结束了：它被截断了"))
            }
            let crc = bytes.withUnsafeBufferPointer { buffer in
                crc32(0, buffer.baseAddress! + position + 4, uInt(4 + length))
            }
            guard Int(crc) == word(position + 8 + length) else {
                throw bad(Text(en: "the checksum of its \(type) chunk is wrong", zh: "它的 \(type) 块的校验和不对"))
            }
            if size == nil {
                guard type == "IHDR", length == 13 else {
                    throw bad(Text(en: "its first chunk is not an image header (IHDR)", zh: "它的第一个块不是图像头（IHDR）"))
                }
                size = (word(position + 8), word(position + 12))
                guard size!.width > 0, size!.height > 0 else { throw bad(Text(en: "its header gives a size of 0", zh: "它的图像头给出的尺寸是 0")) }
            }
            if type == "IDAT" { sawImageData = true }
            position += 12 + length
            if type == "IEND" {
                guard position == bytes.count else { throw bad(Text(en: "bytes follow its IEND chunk", zh: "它的 IEND 块后面还有字节")) }
                guard sawImageData else { throw bad(Text(en: "it holds no image data (IDAT)", zh: "它没有图像数据（IDAT）")) }
                return size!
            }
        }
    }
}
