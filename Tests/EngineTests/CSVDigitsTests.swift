// CSVDigitsTests: parsing the embedded digits' CSV, the checksum check, and the real file when present.

import Foundation
import Testing
@testable import Engine

@Suite struct CSVDigitsTests {
    /// A CSV line of 784 pixels and a label.
    func line(_ label: Int, pixel: Int = 0) -> String {
        (Array(repeating: String(pixel), count: 784) + [String(label)]).joined(separator: ",")
    }

    @Test func parsesRows() throws {
        var first = Array(repeating: "0", count: 784)
        first[0] = "255"; first[783] = "17"
        let text = (first + ["3"]).joined(separator: ",") + "\n" + line(9, pixel: 1) + "\r\n\n"
        let parsed = try CSVDigits.parse(Array(text.utf8), name: "x.csv")
        #expect(parsed.labels == [3, 9])
        #expect(parsed.pixels.count == 2 * 784)
        #expect(parsed.pixels[0] == 255 && parsed.pixels[783] == 17 && parsed.pixels[784] == 1)
    }

    @Test func loadsGzipAndChecksChecksum() throws {
        let folder = DataTempFolder()
        let text = (0..<10).map { line($0, pixel: $0 * 20) }.joined(separator: "\n") + "\n"
        let bytes = [UInt8](try Gzip.compress(Array(text.utf8)))
        let path = folder.write("digits.csv.gz", bytes)
        let digest = SHA256.hexDigest(of: bytes)

        let set = try CSVDigits.load(path: path, expectedSHA256: digest)
        #expect(set.count == 10 && set.labels == (0..<10).map { UInt8($0) })
        #expect(set.classNames == DataSets.digitNames)
        #expect(set.image(4).allSatisfy { $0 == 80 })

        let wrong = String(repeating: "0", count: 64)
        let message = try #require(dataErrorMessage { try CSVDigits.load(path: path, expectedSHA256: wrong) })
        #expect(message.contains(path) && message.contains(digest) && message.contains("scripts/setup"))
    }

    @Test func wrongColumnCountNamesLineAndCount() throws {
        let text = line(1) + "\n" + line(2) + ",5\n"
        let message = try #require(dataErrorMessage { try CSVDigits.parse(Array(text.utf8), name: "bad.csv") })
        #expect(message.contains("bad.csv") && message.contains("line 2") && message.contains("786 columns"))
        let short = line(1) + "\n" + "1,2,3\n"
        let other = try #require(dataErrorMessage { try CSVDigits.parse(Array(short.utf8), name: "short.csv") })
        #expect(other.contains("short.csv") && other.contains("line 2") && other.contains("3 columns"))
    }

    @Test func nonIntegerValues() throws {
        for bad in ["1.5", "x", "", " 3", "12345678901"] {
            var fields = Array(repeating: "0", count: 785)
            fields[10] = bad
            let text = line(0) + "\n" + fields.joined(separator: ",") + "\n"
            let message = try #require(dataErrorMessage { try CSVDigits.parse(Array(text.utf8), name: "n.csv") }, "\(bad)")
            #expect(message.contains("n.csv") && message.contains("line 2") && message.contains("column 11"), "\(bad)")
            #expect(message.contains("not a whole number"), "\(bad): \(message)")
        }
    }

    @Test func pixelAndLabelRanges() throws {
        var fields = Array(repeating: "0", count: 785)
        fields[100] = "256"
        let pixel = try #require(dataErrorMessage { try CSVDigits.parse(Array(fields.joined(separator: ",").utf8), name: "p.csv") })
        #expect(pixel.contains("p.csv") && pixel.contains("line 1") && pixel.contains("256") && pixel.contains("0–255"))
        fields[100] = "-1"
        let negative = try #require(dataErrorMessage { try CSVDigits.parse(Array(fields.joined(separator: ",").utf8), name: "p.csv") })
        #expect(negative.contains("-1") && negative.contains("0–255"))

        let label = try #require(dataErrorMessage { try CSVDigits.parse(Array(line(10).utf8), name: "l.csv") })
        #expect(label.contains("l.csv") && label.contains("label 10") && label.contains("0–9"))
    }

    @Test func missingFileSaysRunSetup() throws {
        let absent = try #require(dataErrorMessage { try CSVDigits.locate(in: ["/no/such/data/mnist_5k.csv.gz"]) })
        #expect(absent.contains("run scripts/setup"))
        #expect(absent.contains("/no/such/data/mnist_5k.csv.gz"))
        let message = try #require(dataErrorMessage { try CSVDigits.load(path: "/no/such/mnist_5k.csv.gz") })
        #expect(message.contains("/no/such/mnist_5k.csv.gz"))
        #expect(CSVDigits.searchPaths.count >= 1)
        #expect(CSVDigits.searchPaths.allSatisfy { $0.hasSuffix("data/mnist_5k.csv.gz") })
    }

    @Test func embeddedDigitsWhenPresent() throws {
        guard let path = try? CSVDigits.locate() else { return }    // scripts/setup not run: nothing to check
        #expect(try SHA256.hexDigest(ofFile: path) == CSVDigits.sha256)
        let digits = try CSVDigits.load()
        #expect(digits.count == 5_000)
        #expect(digits.classCounts == Array(repeating: 500, count: 10))
        #expect(digits.pixels.count == 5_000 * 784)
        #expect(digits.pixels.contains(255))

        var rng = SeededRandom(seed: 42)
        let sets = try loadDataSet(.embedded, rng: &rng)
        #expect(sets.train.count == 3_000 && sets.validation.count == 1_000 && sets.test.count == 1_000)
        #expect(sets.train.classCounts == Array(repeating: 300, count: 10))
        #expect(sets.validation.classCounts == Array(repeating: 100, count: 10))
        #expect(sets.test.classCounts == Array(repeating: 100, count: 10))
    }
}
