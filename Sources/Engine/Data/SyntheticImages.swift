// SyntheticImages: seeded stand-ins for MNIST-shaped data, for timing and for pinned runs.
//
// Each class lights up its own band of rows (rows 3c to 3c+2 of every 30, for class c), plus noise,
// so a network can learn them; they are not digits. The same seed gives the same images everywhere.

public enum SyntheticImages {
    /// `count` 28×28 images with labels 0–9.
    public static func make(count: Int, seed: UInt64) -> ImageDataset {
        precondition(count >= 0, "cannot make \(count) images")
        var rng = SeededRandom(seed: seed)
        var pixels = [UInt8](repeating: 0, count: count * 784)
        var labels = [UInt8](repeating: 0, count: count)
        for i in 0..<count {
            let label = rng.int(below: 10)
            labels[i] = UInt8(label)
            for j in 0..<784 {
                let band = (j / 28 / 3) % 10 == label ? 128 : 0
                pixels[i * 784 + j] = UInt8(band + Int(rng.next() >> 57))
            }
        }
        return ImageDataset(pixels: pixels, labels: labels, classNames: ClassNames.digits, name: "synthetic images")
    }
}
