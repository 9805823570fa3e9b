// RandomShiftsTests: each image of a batch is moved by the offsets the seeded generator draws.

import Testing
@testable import Engine

@Suite struct RandomShiftsTests {
    /// Two 4×4 images with distinct pixel values 1…16 (and 101…116).
    let images = ImageDataset(pixels: (1...16).map { UInt8($0) } + (101...116).map { UInt8($0) }, labels: [0, 1],
                              classNames: ["a", "b"], width: 4, height: 4, name: "tiny")

    /// The image shifted by (dx, dy) by hand: pixel (x, y) comes from (x − dx, y − dy), blank outside.
    func shifted(_ image: [UInt8], dx: Int, dy: Int) -> [Float] {
        (0..<16).map { k in
            let (x, y) = (k % 4 - dx, k / 4 - dy)
            return (0..<4).contains(x) && (0..<4).contains(y) ? Float(image[y * 4 + x]) / 255 : 0
        }
    }

    @Test func batchesAreHandShiftedCopies() {
        let shifts = RandomShifts(images, maxShift: 2, seed: 7)
        var draws = SeededRandom(seed: 7)          // the same stream the data set draws from
        for batch in [[0, 1], [1], [1, 0]] {
            let (x, labels) = shifts.batch(batch)
            #expect(labels == batch)
            for (row, i) in batch.enumerated() {
                let dx = draws.int(below: 5) - 2, dy = draws.int(below: 5) - 2
                #expect(x.row(row) == shifted(Array(images.image(i)), dx: dx, dy: dy), "image \(i), shift (\(dx), \(dy))")
            }
        }
    }

    @Test func noShiftLeavesImagesAsTheyAre() {
        let (x, _) = RandomShifts(images, maxShift: 0, seed: 1).batch([0, 1])
        #expect(x == images.batch([0, 1]).x)
    }
}
