// Matrix: a row-major grid of Float, the one tensor type of the workbook.
//
// Row i, column j lives at data[i * cols + j]. A batch of samples is a matrix with one sample
// per row, so a layer with weights W (inputs × outputs) computes X·W + b for the whole batch.
// Products go through the engine's own kernels (see MatrixProduct.swift); everything else is plain Swift.

public struct Matrix: Equatable, Sendable {
    public private(set) var rows: Int
    public private(set) var cols: Int
    /// The elements, row after row.
    public var data: [Float]

    public init(rows: Int, cols: Int, repeating value: Float = 0) {
        precondition(rows >= 0 && cols >= 0, "a matrix cannot have a negative size")
        self.rows = rows
        self.cols = cols
        self.data = [Float](repeating: value, count: rows * cols)
    }

    public init(rows: Int, cols: Int, data: [Float]) {
        precondition(data.count == rows * cols,
                     "a \(rows)×\(cols) matrix needs \(rows * cols) elements, got \(data.count)")
        self.rows = rows
        self.cols = cols
        self.data = data
    }

    /// A matrix whose elements are written by `initialize`, which must set every one of the
    /// rows·cols elements. Skips filling the storage with zeros first, for buffers that are about
    /// to be overwritten anyway (a mini-batch of images).
    public init(rows: Int, cols: Int,
                initializingWith initialize: (_ elements: UnsafeMutableBufferPointer<Float>) -> Void) {
        precondition(rows >= 0 && cols >= 0, "a matrix cannot have a negative size")
        self.rows = rows
        self.cols = cols
        self.data = [Float](unsafeUninitializedCapacity: rows * cols) { buffer, count in
            initialize(buffer)
            count = rows * cols
        }
    }

    /// A matrix from nested rows: `Matrix([[1, 2], [3, 4]])`.
    public init(_ nested: [[Float]]) {
        let cols = nested.first?.count ?? 0
        precondition(nested.allSatisfy { $0.count == cols }, "every row needs \(cols) elements")
        self.init(rows: nested.count, cols: cols, data: nested.flatMap { $0 })
    }

    /// A 1×n matrix: one sample, or one bias vector.
    public init(row: [Float]) { self.init(rows: 1, cols: row.count, data: row) }

    /// An n×1 matrix.
    public init(column: [Float]) { self.init(rows: column.count, cols: 1, data: column) }

    public var count: Int { data.count }
    public var shape: (rows: Int, cols: Int) { (rows, cols) }

    public subscript(row: Int, col: Int) -> Float {
        get { data[row * cols + col] }
        set { data[row * cols + col] = newValue }
    }

    /// Row i as an array.
    public func row(_ i: Int) -> [Float] { Array(data[(i * cols)..<((i + 1) * cols)]) }

    /// Column j as an array.
    public func column(_ j: Int) -> [Float] { (0..<rows).map { self[$0, j] } }

    /// Rows `range` as a new matrix.
    public func rows(_ range: Range<Int>) -> Matrix {
        Matrix(rows: range.count, cols: cols, data: Array(data[(range.lowerBound * cols)..<(range.upperBound * cols)]))
    }

    public var transposed: Matrix {
        var out = Matrix(rows: cols, cols: rows)
        for i in 0..<rows { for j in 0..<cols { out.data[j * rows + i] = data[i * cols + j] } }
        return out
    }

    // MARK: Element-wise

    public func map(_ f: (Float) -> Float) -> Matrix { Matrix(rows: rows, cols: cols, data: data.map(f)) }

    /// Combines two matrices of the same shape element by element.
    public func zipWith(_ other: Matrix, _ f: (Float, Float) -> Float) -> Matrix {
        precondition(rows == other.rows && cols == other.cols,
                     "shapes differ: \(rows)×\(cols) and \(other.rows)×\(other.cols)")
        var out = self
        for i in 0..<data.count { out.data[i] = f(data[i], other.data[i]) }
        return out
    }

    public static func + (a: Matrix, b: Matrix) -> Matrix { a.zipWith(b, +) }
    public static func - (a: Matrix, b: Matrix) -> Matrix { a.zipWith(b, -) }
    public static func * (s: Float, m: Matrix) -> Matrix { m.map { s * $0 } }
    public static func += (a: inout Matrix, b: Matrix) { a = a + b }
    public static func -= (a: inout Matrix, b: Matrix) { a = a - b }

    /// The sum of each column, as a 1×cols row (the bias gradient of a batch).
    public func columnSums() -> Matrix {
        var out = Matrix(rows: 1, cols: cols)
        columnSums(into: &out)
        return out
    }

    /// The sum of each column, written into the 1×cols row `sums` (reusing its storage).
    public func columnSums(into sums: inout Matrix) {
        sums.reuse(rows: 1, cols: cols)
        sums.data.withUnsafeMutableBufferPointer { out in
            data.withUnsafeBufferPointer { m in
                for j in 0..<cols { out[j] = 0 }
                guard cols > 0 else { return }
                // Row after row, each added to the sums of all its columns at once (a row pointer
                // keeps index arithmetic out of the inner loop, so the compiler adds several
                // columns per instruction); every column still sums its rows in order.
                for i in 0..<rows {
                    let row = m.baseAddress! + i * cols
                    for j in 0..<cols { out[j] += row[j] }
                }
            }
        }
    }

    /// Makes this a rows×cols matrix, keeping the storage when the shape is already right; the
    /// elements are then left as they were, to be overwritten by the caller.
    ///
    /// Layers use this to write each batch's results into the same memory instead of allocating
    /// new matrices every step. It stays a value type: if someone still holds the previous result,
    /// writing into `data` copies first (copy-on-write), so their copy never changes under them.
    public mutating func reuse(rows: Int, cols: Int) {
        if self.rows != rows || self.cols != cols { self = Matrix(rows: rows, cols: cols) }
    }


    /// The sum of all elements, accumulated in Double so a large matrix does not lose digits.
    public func sum() -> Float { Float(data.reduce(0.0) { $0 + Double($1) }) }
    public func mean() -> Float { data.isEmpty ? 0 : Float(data.reduce(0.0) { $0 + Double($1) } / Double(data.count)) }

    /// The standard deviation of all elements (population form), accumulated in Double.
    public func standardDeviation() -> Float {
        guard !data.isEmpty else { return 0 }
        let m = data.reduce(0.0) { $0 + Double($1) } / Double(data.count)
        return Float((data.reduce(0.0) { $0 + (Double($1) - m) * (Double($1) - m) } / Double(data.count)).squareRoot())
    }

    /// For each row, the column holding its largest value (the predicted class).
    public func argmaxPerRow() -> [Int] {
        guard cols > 0 else { return [Int](repeating: 0, count: rows) }
        return data.withUnsafeBufferPointer { m in
            (0..<rows).map { i in
                let row = m.baseAddress! + i * cols
                var best = 0
                for j in 1..<max(cols, 1) where row[j] > row[best] { best = j }
                return best
            }
        }
    }

    /// True when every element is a finite number (no NaN, no ±inf).
    public var isFinite: Bool { data.allSatisfy { $0.isFinite } }
}

extension Matrix: CustomStringConvertible {
    public var description: String {
        (0..<rows).map { i in row(i).map { String(format: "%9.4f", $0) }.joined(separator: " ") }
            .joined(separator: "\n")
    }
}
