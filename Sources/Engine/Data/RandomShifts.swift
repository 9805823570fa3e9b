// Augmentation: small random shifts of the training images, drawn afresh for every batch.
//
// A digit moved one or two pixels is still the same digit, so each epoch the network sees
// slightly different copies of its training set. That makes a small training set go further:
// the network cannot memorise exact pixel positions. The shifts come from a SeededRandom, so a
// run is still reproducible.

public final class RandomShifts: BatchSource {
    public let images: ImageDataset
    /// Largest shift, in pixels, in each direction.
    public let maxShift: Int
    private var rng: SeededRandom

    public init(_ images: ImageDataset, maxShift: Int = 2, seed: UInt64) {
        self.images = images
        self.maxShift = maxShift
        self.rng = SeededRandom(seed: seed)
    }

    public var count: Int { images.count }
    public var featureCount: Int { images.featureCount }

    public func batch(_ indices: [Int]) -> (x: Matrix, labels: [Int]) {
        let w = images.width, h = images.height, n = w * h
        var shifted = [UInt8](repeating: 0, count: indices.count * n)
        for (r, i) in indices.enumerated() {
            let dx = rng.int(below: 2 * maxShift + 1) - maxShift
            let dy = rng.int(below: 2 * maxShift + 1) - maxShift
            let source = images.image(i)
            let base = source.startIndex
            // Pixel (x, y) of the shifted image comes from (x − dx, y − dy) of the original; blank outside.
            for y in max(0, dy)..<min(h, h + dy) {
                for x in max(0, dx)..<min(w, w + dx) {
                    shifted[r * n + y * w + x] = source[base + (y - dy) * w + (x - dx)]
                }
            }
        }
        var batchSet = ImageDataset(pixels: shifted, labels: indices.map { images.labels[$0] },
                                    classNames: images.classNames, width: w, height: h, name: images.name)
        batchSet.normalization = images.normalization
        return batchSet.batch(Array(0..<indices.count))
    }
}
