// GzipTests: decompressing gzip through zlib, and refusing damaged input with a clear message.

import Foundation
import Testing
@testable import Engine
import TestSupport

@Suite struct GzipTests {
    @Test func roundTripsThroughZlib() throws {
        var rng = SeededRandom(seed: 3)
        // Compressible and incompressible content, larger than the initial output buffer.
        let text = Array(String(repeating: "0,0,0,12,255,\n", count: 20_000).utf8)
        let noise = (0..<300_000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        for original in [text, noise, [UInt8]()] {
            let packed = try Gzip.compress(original)
            #expect(Gzip.isGzip(packed))
            #expect(try Gzip.decompress(packed, name: "mem.gz") == original)
        }
    }

    @Test func growsBufferWithoutSizeHint() throws {
        // Two concatenated members: the size hint in the trailer covers only the short last one.
        let a = Array(repeating: UInt8(7), count: 1_000_000)
        let b = Array("tail".utf8)
        let both = try Gzip.compress(a) + Gzip.compress(b)
        #expect(try Gzip.decompress(both, name: "two.gz") == a + b)
    }

    @Test func readsPlainAndGzipFiles() throws {
        let folder = TemporaryFolder()
        let content = Array("hello, workbook\n".utf8)
        let plain = folder.write("plain.txt", content)
        let packed = folder.write("packed.gz", [UInt8](try Gzip.compress(content)))
        #expect(try Gzip.readFile(plain) == content)
        #expect(try Gzip.readFile(packed) == content)
    }

    @Test func truncatedFileIsReportedWithItsName() throws {
        let folder = TemporaryFolder()
        var rng = SeededRandom(seed: 4)
        let original = (0..<50_000).map { _ in UInt8(truncatingIfNeeded: rng.next() % 16) }
        let packed = [UInt8](try Gzip.compress(original))
        let path = folder.write("cut.gz", Array(packed[0..<(packed.count / 2)]))
        let message = try #require(errorMessage { try Gzip.readFile(path) })
        #expect(message.contains(path))
        #expect(message.contains("corrupt or incomplete"))
        #expect(message.contains("download it again"))
    }

    @Test func corruptFileIsReportedWithItsName() throws {
        let folder = TemporaryFolder()
        var packed = [UInt8](try Gzip.compress(Array(repeating: UInt8(1), count: 10_000)))
        for k in 10..<min(30, packed.count - 8) { packed[k] ^= 0xA5 }
        let path = folder.write("bad.gz", packed)
        let message = try #require(errorMessage { try Gzip.readFile(path) })
        #expect(message.contains(path))
        #expect(message.contains("corrupt or incomplete"))

        let onlyMagic = folder.write("magic.gz", [0x1f, 0x8b])
        #expect(errorMessage { try Gzip.readFile(onlyMagic) }?.contains(onlyMagic) == true)
    }

    @Test func missingFileIsAWorkbookError() {
        let message = errorMessage { try Gzip.readFile("/nonexistent/folder/x.gz") }
        #expect(message?.contains("/nonexistent/folder/x.gz") == true)
    }
}
