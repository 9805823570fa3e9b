// SafeTensorsTests: bit-exact round trips, reproducible bytes, and refusal of damaged files.

import Foundation
import Testing
@testable import Engine
import TestSupport

@Suite struct SafeTensorsTests {
    func specials() -> Matrix {
        Matrix(rows: 2, cols: 4, data: [
            Float(bitPattern: 0x7fc0_1234),      // quiet NaN with a payload
            Float(bitPattern: 0xffa0_0001),      // signalling-style NaN, negative
            -0.0, .infinity,
            -.infinity, Float(bitPattern: 1),    // smallest denormal
            Float(bitPattern: 0x807f_ffff),      // largest negative denormal
            .greatestFiniteMagnitude,
        ])
    }

    @Test func roundTripIsBitExact() throws {
        let folder = TemporaryFolder()
        var rng = SeededRandom(seed: 8)
        let w = rng.normalMatrix(rows: 784, cols: 32)
        let tensors: [(String, Matrix)] = [("layer1.weight", w), ("special", specials()),
                                           ("bias", Matrix(row: [1, 2, 3])), ("empty", Matrix(rows: 0, cols: 5))]
        let meta = ["seed": "8", "note": "quote \" backslash \\ newline \n tab \t é ✓", "format": "pt"]
        let path = folder.file("model.safetensors")
        try saveSafeTensors(tensors, metadata: meta, to: path)
        let loaded = try loadSafeTensors(path)
        #expect(loaded.metadata == meta)
        #expect(Set(loaded.tensors.keys) == ["layer1.weight", "special", "bias", "empty"])
        for (name, m) in tensors {
            let back = try #require(loaded.tensors[name])
            #expect(back.rows == m.rows && back.cols == m.cols, "\(name)")
            #expect(back.data.map(\.bitPattern) == m.data.map(\.bitPattern), "\(name)")
        }
        // No temporary files left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["model.safetensors"])
    }

    @Test func bytesAreReproducibleAndFollowTheFormat() throws {
        let folder = TemporaryFolder()
        let a: [(String, Matrix)] = [("b", Matrix([[1, 2], [3, 4]])), ("a", Matrix(row: [5]))]
        let first = folder.file("one.safetensors"), second = folder.file("two.safetensors")
        try saveSafeTensors(a, metadata: ["k": "v", "a": "b"], to: first)
        try saveSafeTensors(a.reversed(), metadata: ["a": "b", "k": "v"], to: second)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: first))
        #expect(bytes == (try Data(contentsOf: URL(fileURLWithPath: second))))
        try saveSafeTensors(a, metadata: ["k": "v", "a": "b"], to: first)          // overwrite in place
        #expect(bytes == (try Data(contentsOf: URL(fileURLWithPath: first))))

        let n = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(n % 8 == 0)
        let header = String(decoding: bytes[8..<(8 + n)], as: UTF8.self)
        let json = #"{"a":{"dtype":"F32","shape":[1,1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[2,2],"data_offsets":[4,20]},"__metadata__":{"a":"b","k":"v"}}"#
        #expect(n == (json.utf8.count + 7) / 8 * 8)
        #expect(header == json + String(repeating: " ", count: n - json.utf8.count))
        #expect(bytes.count == 8 + n + 20)
        #expect(Array(bytes[(8 + n)..<(8 + n + 4)]) == [0, 0, 0xa0, 0x40])      // 5.0 little-endian
    }

    @Test func missingFile() {
        let message = errorMessage { try loadSafeTensors("/no/such/model.safetensors") }
        #expect(message?.contains("/no/such/model.safetensors") == true)
    }

    @Test func saveIntoMissingFolder() {
        let message = errorMessage { try saveSafeTensors([("a", Matrix(row: [1]))], to: "/no/such/dir/m.safetensors") }
        #expect(message?.contains("/no/such/dir") == true)
    }

    @Test func refusesTruncatedFiles() throws {
        let folder = TemporaryFolder()
        let good = try SafeTensors.encode([("w", Matrix([[1, 2, 3], [4, 5, 6]])), ("b", Matrix(row: [7, 8]))], metadata: ["x": "y"])
        for cut in [0, 5, 8, 20, good.count - 1, good.count - 9] {
            let path = folder.write("cut\(cut).safetensors", Array(good[0..<cut]))
            let message = try #require(errorMessage { try loadSafeTensors(path) }, "cut at \(cut)")
            #expect(message.contains(path), "cut at \(cut)")
        }
        let longer = folder.write("longer.safetensors", good + [0, 0, 0, 0])
        #expect(errorMessage { try loadSafeTensors(longer) }?.contains(longer) == true)
    }

    @Test func refusesMalformedHeaders() throws {
        let folder = TemporaryFolder()
        func file(_ header: String, data: [UInt8] = Array(repeating: 0, count: 8)) -> [UInt8] {
            var h = Array(header.utf8)
            while h.count % 8 != 0 { h.append(32) }
            var out: [UInt8] = []
            var n = UInt64(h.count)
            for _ in 0..<8 { out.append(UInt8(n & 0xff)); n >>= 8 }
            return out + h + data
        }
        let cases: [String: [UInt8]] = [
            "notjson": file("this is not json"),
            "array": file("[1,2]"),
            "noshape": file(#"{"w":{"dtype":"F32","data_offsets":[0,8]}}"#),
            "badshape": file(#"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#),
            "outside": file(#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#),
            "overlap": file(#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"v":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#),
            "gap": file(#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#),
            "meta": file(#"{"__metadata__":{"k":3},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#),
            "hugeheader": [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f] + Array(repeating: 32, count: 16),
        ]
        for (name, bytes) in cases {
            let path = folder.write("\(name).safetensors", bytes)
            let message = try #require(errorMessage { try loadSafeTensors(path) }, "\(name)")
            #expect(message.contains(path) && message.contains("not a valid safetensors file"), "\(name): \(message)")
        }
        // Well formed, but not what the workbook reads: said so, not called damaged.
        for (name, header, why) in [("dtype", #"{"w":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}"#, "its tensor \"w\" holds F64 numbers, and the workbook reads only F32"),
                                    ("rank3", #"{"w":{"dtype":"F32","shape":[1,1,2],"data_offsets":[0,8]}}"#, "\"w\" has shape [1, 1, 2]; the workbook reads only 1-D and 2-D tensors")] {
            let path = folder.write("\(name).safetensors", file(header))
            let message = try #require(errorMessage { try loadSafeTensors(path) }, "\(name)")
            #expect(message.contains(path) && message.contains(why) && !message.contains("truncated or damaged"), "\(name): \(message)")
        }
        // A well-formed hand-made file with a 1-D tensor loads as a 1×n matrix.
        let ok = folder.write("ok.safetensors", file(#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#))
        #expect(try loadSafeTensors(ok).tensors["w"] == Matrix(row: [0, 0]))
    }

    @Test func refusesDuplicateOrReservedNames() {
        #expect(errorMessage { try SafeTensors.encode([("a", Matrix(row: [1])), ("a", Matrix(row: [2]))]) } != nil)
        #expect(errorMessage { try SafeTensors.encode([("__metadata__", Matrix(row: [1]))]) } != nil)
    }

    /// A file of `count` empty tensors (no data), the header as compact as JSON allows.
    func emptyTensors(_ count: Int, shape: String = "[0]", name: (Int) -> String = { "t\($0)" }) -> [UInt8] {
        var header = Array("{".utf8)
        let rest = Array("\":{\"dtype\":\"F32\",\"shape\":\(shape),\"data_offsets\":[0,0]}".utf8)
        header.reserveCapacity(count * (rest.count + 12))
        for k in 0..<count {
            if k > 0 { header.append(UInt8(ascii: ",")) }
            header.append(UInt8(ascii: "\""))
            header.append(contentsOf: name(k).utf8)
            header.append(contentsOf: rest)
        }
        header.append(UInt8(ascii: "}"))
        while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }
        let length = UInt64(header.count)
        return (0..<8).map { UInt8(truncatingIfNeeded: length >> UInt64(8 * $0)) } + header
    }

    @Test func aHeaderDescribingAMillionTensorsIsRefusedBeforeItIsParsed() throws {
        // 52 MB of header, below its 100 MB limit: a million tensors of no elements.
        let million = emptyTensors(1_000_000)
        #expect(million.count > 50_000_000 && million.count < SafeTensors.maxHeaderLength)
        let message = try #require(errorMessage { try SafeTensors.decode(million, name: "many.safetensors") })
        #expect(message.contains("many.safetensors cannot be read by the workbook: its header describes more than the workbook reads "
                                 + "(1000001 objects and 4000000 values; at most 10000 tensors"), "\(message)")
        #expect(!message.contains("damaged"))
    }

    @Test func whatAHeaderDescribesIsCapped() throws {
        // At the caps: 10,000 tensors, 8 dimensions, 1,024-byte names.
        #expect(try SafeTensors.decodeTensors(emptyTensors(10_000), name: "m").tensors.count == 10_000)
        #expect(try SafeTensors.decodeTensors(emptyTensors(1, shape: "[0,1,2,3,4,5,6,7]"), name: "m").tensors["t0"]?.shape == [0, 1, 2, 3, 4, 5, 6, 7])
        let longest = String(repeating: "n", count: 1_024)
        #expect(try SafeTensors.decodeTensors(emptyTensors(1, name: { _ in longest }), name: "m").tensors[longest]?.values == [])
        // One past each.
        #expect(errorMessage { try SafeTensors.decode(emptyTensors(10_001), name: "m") }?
            .contains("it holds 10001 tensors, more than the 10000 the workbook reads") == true)
        #expect(errorMessage { try SafeTensors.decode(emptyTensors(1, shape: "[0,1,1,1,1,1,1,1,1]"), name: "m") }?
            .contains("\"t0\" has no valid shape (at most 8 whole numbers from 0 to 33554432)") == true)
        #expect(errorMessage { try SafeTensors.decode(emptyTensors(1, name: { _ in longest + "n" }), name: "m") }?
            .contains("a tensor name is 1025 bytes long, more than 1024") == true)
        // An empty tensor of absurd sides.
        #expect(errorMessage { try SafeTensors.decode(emptyTensors(1, shape: "[0,4000000000000]"), name: "m") }?
            .contains("has no valid shape") == true)
    }
}
