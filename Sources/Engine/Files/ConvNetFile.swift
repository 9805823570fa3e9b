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
    public struct Tensor: Equatable, Sendable {
        public let name: String
        public let shape: [Int]
        public let values: [Float]
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

    /// Writes the network atomically (a temporary file renamed into place).
    public func save(to path: String) throws {
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
        try AtomicFile.write(Data(Self.encode(tensors, metadata: metadata)), to: path)
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

    /// Reads a network written by `save`. A missing file, another format, or tensors whose shapes do
    /// not match the recorded layers are refused with a message naming the file.
    public static func load(from path: String) throws -> ConvNetFile {
        guard FileManager.default.fileExists(atPath: path) else {
            throw WorkbookError(Text(en: "no model file at \(path); train and save a network first, or check the path",
                                     zh: "\(path) 处没有模型文件；请先训练并保存一个网络，或者检查路径"))
        }
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        func fail(_ why: Text) -> WorkbookError {
            WorkbookError(Text(en: "\(path) is not a convolutional network this workbook can read: \(why.en). Run Chapter08 again to write a fresh one.",
                               zh: "\(path) 不是本书能读的卷积网络：\(why.in(.zh))。请再运行一次 Chapter08，写一个新的。"))
        }
        let (tensors, metadata) = try decode(bytes, fail: fail)
        guard metadata["format"] == format else {
            throw fail(Text(en: "its metadata does not name the format \"\(format)\"", zh: "它的元数据没有写明格式 \"\(format)\""))
        }
        func tensor(_ name: String, _ shape: [Int]) throws -> [Float] {
            guard let t = tensors[name] else { throw fail(Text(en: "the tensor \(name) is missing", zh: "缺少张量 \(name)")) }
            guard t.shape == shape else {
                throw fail(Text(en: "\(name) has shape \(t.shape), but the recorded layers need \(shape)",
                                zh: "\(name) 的形状是 \(t.shape)，而记录下的层需要 \(shape)"))
            }
            return t.values
        }
        var layers: [Layer] = []
        for (k, spec) in (metadata["layers"] ?? "").split(separator: ";").enumerated() {
            let words = spec.split(separator: " ").map(String.init)
            let n = words.dropFirst().compactMap { Int($0) }
            let layer = Text(en: "layer \(k) (\"\(spec)\")", zh: "第 \(k) 层（\"\(spec)\"）")
            guard n.count == words.count - 1, n.allSatisfy({ $0 >= 0 }) else {
                throw fail(Text(en: "\(layer.en) has invalid sizes", zh: "\(layer.in(.zh))的尺寸无效"))
            }
            switch (words[0], n.count) {
            case ("conv2d", 6):
                let (cin, cout, kernel, h, w, p) = (n[0], n[1], n[2], n[3], n[4], n[5])
                guard cin > 0, cout > 0, h > 0, w > 0, kernel > 0, kernel <= h + 2 * p, kernel <= w + 2 * p else {
                    throw fail(Text(en: "\(layer.en) is not a possible convolution", zh: "\(layer.in(.zh))不可能是卷积"))
                }
                let weights = try tensor("layers.\(k).weight", [cout, cin, kernel, kernel])
                let bias = try tensor("layers.\(k).bias", [cout])
                layers.append(Conv2D(weights: Matrix(rows: cout, cols: cin * kernel * kernel, data: weights), bias: Matrix(row: bias),
                                     geometry: Im2Col(channels: cin, height: h, width: w, kernelHeight: kernel, kernelWidth: kernel, padding: p),
                                     name: "layers.\(k)"))
            case ("maxpool2d", 4):
                guard n[0] > 0, n[3] > 0, n[1] >= n[3], n[2] >= n[3] else {
                    throw fail(Text(en: "\(layer.en) is not a possible pooling", zh: "\(layer.in(.zh))不可能是池化"))
                }
                layers.append(MaxPool2D(channels: n[0], height: n[1], width: n[2], size: n[3]))
            case ("flatten", 3):
                guard n.allSatisfy({ $0 > 0 }) else { throw fail(Text(en: "\(layer.en) has a zero size", zh: "\(layer.in(.zh))有一个尺寸为 0")) }
                layers.append(Flatten(channels: n[0], height: n[1], width: n[2]))
            case ("dense", 2):
                guard n[0] > 0, n[1] > 0 else { throw fail(Text(en: "\(layer.en) has a zero size", zh: "\(layer.in(.zh))有一个尺寸为 0")) }
                let weights = try tensor("layers.\(k).weight", [n[1], n[0]])
                let bias = try tensor("layers.\(k).bias", [n[1]])
                layers.append(Dense(weights: Matrix(rows: n[1], cols: n[0], data: weights).transposed, bias: Matrix(row: bias),
                                    name: "layers.\(k)"))
            default:
                guard n.isEmpty, let activation = Activation(rawValue: words[0]) else {
                    throw fail(Text(en: "\(layer.en) is unknown", zh: "不认识\(layer.in(.zh))"))
                }
                layers.append(ActivationLayer(activation))
            }
        }
        guard !layers.isEmpty else { throw fail(Text(en: "no layers are recorded", zh: "没有记录任何层")) }
        // Each layer must take what the one before it gives.
        var width: Int? = nil
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
                throw fail(Text(en: "layer \(k) takes \(takes) numbers but the layer before gives \(width)",
                                zh: "第 \(k) 层接收 \(takes) 个数，前一层却给出 \(width) 个"))
            }
            width = gives
        }
        let normalization: Normalization
        switch metadata["normalization"] {
        case "scale": normalization = .scale
        case "standardize":
            guard let mean = tensors["input.mean"]?.values, let std = tensors["input.std"]?.values, !mean.isEmpty, !std.isEmpty,
                  std.allSatisfy({ $0 > 0 && $0.isFinite }) else {
                throw fail(Text(en: "the input statistics input.mean / input.std are missing or invalid",
                                zh: "输入的统计量 input.mean / input.std 缺失或无效"))
            }
            normalization = .standardize(mean: mean, std: std)
        default: throw fail(Text(en: "the input normalisation is not recorded", zh: "没有记录输入的归一化方式"))
        }
        let names = (metadata["class_names"] ?? "").split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard names.count == width else {
            throw fail(Text(en: "it names \(names.count) classes for \(width ?? 0) outputs",
                            zh: "它为 \(width ?? 0) 个输出写了 \(names.count) 个类别名"))
        }
        return ConvNetFile(network: Sequential(layers), normalization: normalization, classNames: names)
    }

    /// The tensors and metadata of a safetensors file's bytes, tensors of any number of dimensions.
    static func decode(_ bytes: [UInt8], fail: (Text) -> WorkbookError) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        guard bytes.count >= 8 else { throw fail(Text(en: "it is only \(bytes.count) bytes long", zh: "它只有 \(bytes.count) 字节")) }
        var length: UInt64 = 0
        for k in 0..<8 { length |= UInt64(bytes[k]) << UInt64(8 * k) }
        guard length <= UInt64(min(bytes.count - 8, SafeTensors.maxHeaderLength)) else {
            throw fail(Text(en: "its header length (\(length) bytes) is implausible", zh: "它的文件头长度（\(length) 字节）不合情理"))
        }
        let start = 8 + Int(length)
        guard let header = (try? JSONSerialization.jsonObject(with: Data(bytes[8..<start]))) as? [String: Any] else {
            throw fail(Text(en: "its header is not a JSON object", zh: "它的文件头不是 JSON 对象"))
        }
        var metadata: [String: String] = [:]
        if let meta = header["__metadata__"] {
            guard let dict = meta as? [String: String] else { throw fail(Text(en: "its metadata is not a set of strings", zh: "它的元数据不全是字符串")) }
            metadata = dict
        }
        let dataLength = bytes.count - start
        var tensors: [String: Tensor] = [:]
        var covered = 0
        for (name, value) in header where name != "__metadata__" {
            guard let info = value as? [String: Any], info["dtype"] as? String == "F32",
                  let shape = (info["shape"] as? [NSNumber])?.map(\.intValue), shape.allSatisfy({ $0 >= 0 && $0 < 1 << 31 }),
                  let offsets = (info["data_offsets"] as? [NSNumber])?.map(\.intValue), offsets.count == 2 else {
                throw fail(Text(en: "the entry for \"\(name)\" is not an F32 tensor with a shape and data offsets",
                                zh: "\"\(name)\" 的条目不是带形状和数据偏移的 F32 张量"))
            }
            var count = 1
            for d in shape {
                let (product, overflow) = count.multipliedReportingOverflow(by: d)
                guard !overflow, product <= dataLength / 4 else {
                    throw fail(Text(en: "\"\(name)\" has shape \(shape), larger than the file", zh: "\"\(name)\" 的形状是 \(shape)，比整个文件还大"))
                }
                count = product
            }
            guard offsets[0] >= 0, offsets[1] == offsets[0] + 4 * count, offsets[1] <= dataLength else {
                throw fail(Text(en: "\"\(name)\" has shape \(shape) but data_offsets \(offsets) in \(dataLength) bytes of data",
                                zh: "\"\(name)\" 的形状是 \(shape)，在 \(dataLength) 字节的数据里 data_offsets 却是 \(offsets)"))
            }
            var values = [Float](repeating: 0, count: count)
            for k in 0..<count {
                let p = start + offsets[0] + 4 * k
                values[k] = Float(bitPattern: UInt32(bytes[p]) | UInt32(bytes[p + 1]) << 8 | UInt32(bytes[p + 2]) << 16 | UInt32(bytes[p + 3]) << 24)
            }
            tensors[name] = Tensor(name: name, shape: shape, values: values)
            covered += 4 * count
        }
        guard covered == dataLength else {
            throw fail(Text(en: "its tensors cover \(covered) bytes but \(dataLength) follow the header",
                            zh: "它的张量只占了 \(covered) 字节，文件头后面却有 \(dataLength) 字节"))
        }
        return (tensors, metadata)
    }
}
