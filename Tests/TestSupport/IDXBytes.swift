// IDXBytes: small IDX files (the MNIST format) built in memory, for tests of the readers.

public enum IDXBytes {
    /// A big-endian 32-bit word.
    public static func word(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8((v >> 16) & 0xff), UInt8((v >> 8) & 0xff), UInt8(v & 0xff)]
    }

    /// An image file: magic, count, rows, cols, then `pixel(image, index)` for every pixel.
    public static func images(count: Int, rows: Int = 28, cols: Int = 28, magic: UInt32 = 0x803,
                              pixel: (Int, Int) -> UInt8 = { i, j in UInt8((i * 7 + j) % 256) }) -> [UInt8] {
        var out = word(magic) + word(UInt32(count)) + word(UInt32(rows)) + word(UInt32(cols))
        for i in 0..<count { for j in 0..<(rows * cols) { out.append(pixel(i, j)) } }
        return out
    }

    /// A label file: magic, count, then one byte per label.
    public static func labels(_ labels: [UInt8], magic: UInt32 = 0x801) -> [UInt8] {
        word(magic) + word(UInt32(labels.count)) + labels
    }
}
