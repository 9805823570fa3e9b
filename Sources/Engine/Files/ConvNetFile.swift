// ConvNetFile: a network with convolutional layers, saved as safetensors in PyTorch's shapes.
//
// Every layer with parameters is saved under its index in the network, as PyTorch names the
// state of a `layers = nn.Sequential(...)` attribute:
//   Conv2D  layers.k.weight  [out, in, kh, kw]   layers.k.bias  [out]   (torch.nn.Conv2d)
//   Dense   layers.k.weight  [out, in]           layers.k.bias  [out]   (torch.nn.Linear: the
//           engine's inputs × outputs matrix, transposed)
// A Dense layer after Flatten reads the channels × height × width values in the order PyTorch's
// nn.Flatten gives, so the tensors load into the same network written with torch.nn as they are.
// The metadata records the layers ("layers": "conv2d 1 6 5 28 28 0;relu;maxpool2d 6 24 24 2;…"),
// the class names and the input normalisation (tensors input.mean and input.std when standardised).

import Bilingual
import Foundation

public struct ConvNetFile {
    public var network: Sequential
    public var normalization: Normalization
    public var classNames: [String]

    static let format = "nn-from-scratch sequential v1"

    public init(network: Sequential, normalization: Normalization, classNames: [String]) {
        self.network = network
        self.normalization = normalization
        self.classNames = classNames
    }

    /// A tensor as the file holds it: a name, a shape of any number of dimensions, the values.
    public typealias Tensor = SafeTensors.Tensor

    /// How many numbers per image the network takes: the size of its first layer that has one.
    public var inputCount: Int? {
        for layer in network.layers {
            switch layer {
            case let c as Conv2D: return c.geometry.imageSize
            case let p as MaxPool2D: return p.channels * p.height * p.width
            case let f as Flatten: return f.count
            case let d as Dense: return d.inputCount
            default: continue
            }
        }
        return nil
    }

    /// The network's parameters in PyTorch's names and shapes, in layer order.
    public static func tensors(of network: Sequential) -> [Tensor] {
        var out: [Tensor] = []
        for (k, layer) in network.layers.enumerated() {
            switch layer {
            case let conv as Conv2D:
                let g = conv.geometry
                out.append(Tensor(name: "layers.\(k).weight", shape: [conv.outChannels, g.channels, g.kernelHeight, g.kernelWidth],
                                  values: conv.weights.value.data))
                out.append(Tensor(name: "layers.\(k).bias", shape: [conv.outChannels], values: conv.bias.value.data))
            case let dense as Dense:
                out.append(Tensor(name: "layers.\(k).weight", shape: [dense.outputCount, dense.inputCount],
                                  values: dense.weights.value.transposed.data))
                out.append(Tensor(name: "layers.\(k).bias", shape: [dense.outputCount], values: dense.bias.value.data))
            default:
                break
            }
        }
        return out
    }

    /// The layers as one line of text, for the metadata; nil names a layer this file cannot describe.
    static func describe(_ network: Sequential) throws -> String {
        try network.layers.map { layer -> String in
            switch layer {
            case let c as Conv2D:
                let g = c.geometry
                guard g.kernelHeight == g.kernelWidth else { throw WorkbookError(Text(en: "only square convolution kernels can be saved", zh: "只能保存正方形的卷积核")) }
                return "conv2d \(g.channels) \(c.outChannels) \(g.kernelHeight) \(g.height) \(g.width) \(g.padding)"
            case let p as MaxPool2D: return "maxpool2d \(p.channels) \(p.height) \(p.width) \(p.size)"
            case let f as Flatten: return "flatten \(f.channels) \(f.height) \(f.width)"
            case let d as Dense: return "dense \(d.inputCount) \(d.outputCount)"
            case let a as ActivationLayer: return a.activation.rawValue
            default: throw WorkbookError(Text(en: "a layer of type \(type(of: layer)) cannot be saved in this format",
                                              zh: "\(type(of: layer)) 类型的层不能用这种格式保存"))
            }
        }.joined(separator: ";")
    }

    /// Writes the network atomically (a temporary file renamed into place) and returns the bytes written,
    /// which `decode` reads back without opening the path again (another program may have replaced the
    /// file since).
    @discardableResult
    public func save(to path: String) throws -> [UInt8] {
        var tensors = Self.tensors(of: network)
        var metadata = ["format": Self.format, "layers": try Self.describe(network),
                        "class_names": classNames.joined(separator: "|")]
        switch normalization {
        case .scale:
            metadata["normalization"] = "scale"
        case .standardize(let mean, let std):
            metadata["normalization"] = "standardize"
            tensors.append(Tensor(name: "input.mean", shape: [mean.count], values: mean))
            tensors.append(Tensor(name: "input.std", shape: [std.count], values: std))
        }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let bytes = Self.encode(tensors, metadata: metadata)
        try AtomicFile.write(Data(bytes), to: path)
        return bytes
    }

    /// The bytes of a safetensors file (tensors in name order, header padded to 8 bytes, F32 little-endian).
    static func encode(_ tensors: [Tensor], metadata: [String: String]) -> [UInt8] {
        let sorted = tensors.sorted { $0.name < $1.name }
        var entries: [String] = []
        var offset = 0
        for t in sorted {
            let end = offset + t.values.count * 4
            entries.append("\(SafeTensors.jsonString(t.name)):{\"dtype\":\"F32\",\"shape\":[\(t.shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        let pairs = metadata.keys.sorted().map { "\(SafeTensors.jsonString($0)):\(SafeTensors.jsonString(metadata[$0]!))" }
        entries.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        var header = Array("{\(entries.joined(separator: ","))}".utf8)
        while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + header.count + offset)
        for k in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: UInt64(header.count) >> UInt64(8 * k))) }
        bytes.append(contentsOf: header)
        for t in sorted {
            for v in t.values {
                let bits = v.bitPattern
                for k in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt32(8 * k))) }
            }
        }
        return bytes
    }

    // What a layer line may say: sides, channels and kernels of at most maxSide, a padding smaller than
    // the kernel, and no layer taking or giving more than maxWidth numbers per image, or unfolding more
    // than maxWidth numbers for a convolution. Chapter 08's network (28×28 images, 6 and 16 filters
    // of 5×5) stays below 15,000 numbers everywhere; the caps keep a crafted line from overflowing Int
    // or asking forward for gigabytes.
    static let maxSide = 1 << 16
    static let maxWidth = 1 << 24

    /// Reads a network written by `save`. A missing file, another format, or tensors whose shapes do
    /// not match the recorded layers are refused with a message naming the file. `inputCount`, when
    /// given, is the number of pixels of the images the network will see: a first layer of another
    /// width is refused.
    public static func load(from path: String, inputCount: Int? = nil) throws -> ConvNetFile {
        guard FileManager.default.fileExists(atPath: path) else {
            throw WorkbookError(Text(en: "no model file at \(path); train and save a network first, or check the path",
                                     zh: "\(path) 处没有模型文件；请先训练并保存一个网络，或检查路径"))
        }
        return try decode([UInt8](try Gzip.readRaw(path)), name: path, inputCount: inputCount)
    }

    /// A network from the bytes of its file (as `save` returns them and `load` reads them); `name` is
    /// used in error messages. Everything forward relies on is checked here, so that a network this
    /// returns never traps: sizes within the caps above, every layer taking what the one before gives,
    /// weights and input statistics finite, input.mean and input.std of one value or one per pixel.
    public static func decode(_ bytes: [UInt8], name path: String, inputCount: Int? = nil) throws -> ConvNetFile {
        func fail(_ why: String, zh: String) -> WorkbookError {
            WorkbookError(Text(en: "\(path) is not a convolutional network this workbook can read: \(why). Run Chapter08 again to write a fresh one.",
                               zh: "\(path) 不是工作簿能读的卷积网络：\(zh)。请重新运行 Chapter08，写出一个新文件。"))
        }
        let (tensors, metadata) = try SafeTensors.decodeTensors(bytes, name: path)
        guard metadata["format"] == format else {
            throw fail("its metadata does not name the format \"\(format)\"", zh: "它的元数据没有写明格式 \"\(format)\"")
        }
        if let bad = SafeTensors.firstNonFinite(tensors.mapValues(\.values)) {
            throw fail("its tensor \(bad) holds values that are not finite numbers (NaN or infinity); "
                           + "it was saved from a network whose training had broken down",
                       zh: "它的张量 \(bad) 含有非有限的数（NaN 或无穷大）；保存它的网络在训练中已经发散了")
        }
        var used: Set<String> = []
        func tensor(_ name: String, _ shape: [Int]) throws -> [Float] {
            guard let t = tensors[name] else { throw fail("the tensor \(name) is missing", zh: "缺少张量 \(name)") }
            guard t.shape == shape else {
                throw fail("\(name) has shape \(t.shape), but the recorded layers need \(shape)",
                           zh: "\(name) 的形状是 \(t.shape)，但记录的层需要 \(shape)")
            }
            used.insert(name)
            return t.values
        }
        // The product of `factors`, or nil past maxWidth (never overflowing).
        func product(_ factors: Int...) -> Int? {
            var p = 1
            for f in factors {
                let (q, overflow) = p.multipliedReportingOverflow(by: f)
                guard !overflow, q <= maxWidth else { return nil }
                p = q
            }
            return p
        }
        guard let line = metadata["layers"], !line.isEmpty else {
            throw fail("no layers are recorded", zh: "文件里没有记录任何层")
        }
        var layers: [Layer] = []
        for (k, spec) in line.split(separator: ";", omittingEmptySubsequences: false).enumerated() {
            let words = spec.split(separator: " ").map(String.init)
            let n = words.dropFirst().compactMap { Int($0) }
            guard !words.isEmpty, n.count == words.count - 1, n.allSatisfy({ $0 >= 0 && $0 <= maxSide }) else {
                throw fail("layer \(k) (\"\(spec)\") has invalid sizes (whole numbers from 0 to \(maxSide) are expected)",
                           zh: "第 \(k) 层（\"\(spec)\"）的尺寸无效（应为 0 到 \(maxSide) 之间的整数）")
            }
            func impossible(_ what: String, _ zhWhat: String) -> WorkbookError {
                fail("layer \(k) (\"\(spec)\") is not a possible \(what)", zh: "第 \(k) 层（\"\(spec)\"）不是一个可能的\(zhWhat)")
            }
            switch (words[0], n.count) {
            case ("conv2d", 6):
                let (cin, cout, kernel, h, w, p) = (n[0], n[1], n[2], n[3], n[4], n[5])
                guard cin > 0, cout > 0, h > 0, w > 0, kernel > 0, p < kernel, kernel <= h + 2 * p, kernel <= w + 2 * p,
                      let image = product(cin, h, w), let patch = product(cin, kernel, kernel),
                      let positions = product(h + 2 * p - kernel + 1, w + 2 * p - kernel + 1),
                      image > 0, product(cout, positions) != nil, product(patch, positions) != nil else {
                    throw impossible("convolution (padding below the kernel, at most \(maxWidth) numbers in and out)",
                                     "卷积（填充须小于卷积核，输入输出都不超过 \(maxWidth) 个数）")
                }
                let weights = try tensor("layers.\(k).weight", [cout, cin, kernel, kernel])
                let bias = try tensor("layers.\(k).bias", [cout])
                layers.append(Conv2D(weights: Matrix(rows: cout, cols: patch, data: weights), bias: Matrix(row: bias),
                                     geometry: Im2Col(channels: cin, height: h, width: w, kernelHeight: kernel, kernelWidth: kernel, padding: p),
                                     name: "layers.\(k)"))
            case ("maxpool2d", 4):
                guard n[0] > 0, n[3] > 0, n[1] >= n[3], n[2] >= n[3], product(n[0], n[1], n[2]) != nil else {
                    throw impossible("pooling", "池化")
                }
                layers.append(MaxPool2D(channels: n[0], height: n[1], width: n[2], size: n[3]))
            case ("flatten", 3):
                guard n.allSatisfy({ $0 > 0 }), product(n[0], n[1], n[2]) != nil else { throw impossible("flattening", "展平") }
                layers.append(Flatten(channels: n[0], height: n[1], width: n[2]))
            case ("dense", 2):
                guard n[0] > 0, n[1] > 0, product(n[0], n[1]) != nil else { throw impossible("dense layer", "全连接层") }
                let weights = try tensor("layers.\(k).weight", [n[1], n[0]])
                let bias = try tensor("layers.\(k).bias", [n[1]])
                layers.append(Dense(weights: Matrix(rows: n[1], cols: n[0], data: weights).transposed, bias: Matrix(row: bias),
                                    name: "layers.\(k)"))
            default:
                guard n.isEmpty, let activation = Activation(rawValue: words[0]) else {
                    throw fail("layer \(k) (\"\(spec)\") is unknown", zh: "第 \(k) 层（\"\(spec)\"）是未知的层")
                }
                layers.append(ActivationLayer(activation))
            }
        }
        // Each layer must take what the one before it gives; the first layer with a size sets the input's.
        var input: Int? = nil, width: Int? = nil
        for (k, layer) in layers.enumerated() {
            let (takes, gives): (Int?, Int?)
            switch layer {
            case let c as Conv2D: (takes, gives) = (c.geometry.imageSize, c.outputCount)
            case let p as MaxPool2D: (takes, gives) = (p.channels * p.height * p.width, p.outputCount)
            case let f as Flatten: (takes, gives) = (f.count, f.count)
            case let d as Dense: (takes, gives) = (d.inputCount, d.outputCount)
            default: (takes, gives) = (nil, width)
            }
            if let takes, let width, takes != width {
                throw fail("layer \(k) takes \(takes) numbers but the layer before gives \(width)",
                           zh: "第 \(k) 层接收 \(takes) 个数，但前一层给出 \(width) 个")
            }
            if input == nil { input = takes }
            width = gives
        }
        guard let input, let width else {
            throw fail("no layer with a size is recorded", zh: "文件里没有记录任何有尺寸的层")
        }
        if let inputCount, inputCount != input {
            throw fail("its first layer takes \(input) numbers per image, but these images have \(inputCount) pixels",
                       zh: "它的第一层每张图接收 \(input) 个数，但这些图有 \(inputCount) 个像素")
        }
        let normalization: Normalization
        switch metadata["normalization"] {
        case "scale": normalization = .scale
        case "standardize":
            guard let mean = tensors["input.mean"], let std = tensors["input.std"],
                  [mean.shape, std.shape].allSatisfy({ $0 == [1] || $0 == [input] }) else {
                throw fail("the input statistics input.mean and input.std must each hold 1 value or \(input) (one per pixel)",
                           zh: "输入统计量 input.mean 和 input.std 各应有 1 个值或 \(input) 个值（每个像素一个）")
            }
            if let bad = std.values.first(where: { !($0 > 0 && $0.isNormal) }) {
                throw fail("its input statistics are unusable: input.std must be positive, but holds \(bad)",
                           zh: "它的输入统计量不能用：input.std 必须为正数，却含有 \(bad)")
            }
            used.formUnion(["input.mean", "input.std"])
            normalization = .standardize(mean: mean.values, std: std.values)
        default: throw fail("the input normalisation is not recorded", zh: "文件里没有记录输入的归一化方式")
        }
        if let extra = tensors.keys.sorted().first(where: { !used.contains($0) }) {
            throw fail("it holds a tensor \(extra) that no recorded layer uses", zh: "它含有一个没有任何层使用的张量 \(extra)")
        }
        let names = (metadata["class_names"] ?? "").split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard names.count == width else {
            throw fail("it names \(names.count) classes for \(width) outputs", zh: "它给 \(width) 个输出写了 \(names.count) 个类别名")
        }
        return ConvNetFile(network: Sequential(layers), normalization: normalization, classNames: names)
    }
}
