// SavedModel: saves a trained multilayer perceptron as safetensors, and loads it back.
//
// The file holds each Dense layer's weights and bias as float32 tensors named `layers.K.weight`
// (inputs × outputs) and `layers.K.bias` (1 × outputs), plus metadata: the layer sizes, the
// hidden activation, the class names, the data set, and the input normalisation the network was
// trained with (a per-pixel mean tensor `input.mean` and a global std). numpy and PyTorch read it
// with the `safetensors` package; Chapter 7 reads it to reuse the hidden layers.

import Bilingual
import Foundation

public struct SavedModel {
    /// A multilayer perceptron (Sequential(mlp:)).
    public var network: Sequential
    public var normalization: Normalization
    public var classNames: [String]
    /// Free-form facts (data set, test accuracy, seed) kept in the file's metadata.
    public var notes: [String: String]

    public init(network: Sequential, normalization: Normalization, classNames: [String], notes: [String: String] = [:]) {
        precondition(network.hiddenActivation != nil || network.layerSizes.count == 2,
                     "only a multilayer perceptron (Sequential(mlp:)) can be saved as a model file")
        precondition(network.outputActivation == nil,
                     "the model file records no output activation: save a network whose outputs are logits")
        self.network = network
        self.normalization = normalization
        self.classNames = classNames
        self.notes = notes
    }

    /// Writes the model atomically (a temporary file renamed into place).
    public func save(to path: String) throws {
        var tensors: [(String, Matrix)] = []
        for (k, dense) in network.denseLayers.enumerated() {
            tensors.append(("layers.\(k).weight", dense.weights.value))
            tensors.append(("layers.\(k).bias", dense.bias.value))
        }
        var metadata = notes
        metadata["format"] = "nn-from-scratch mlp v1"
        metadata["layer_sizes"] = network.layerSizes.map(String.init).joined(separator: ",")
        metadata["hidden_activation"] = (network.hiddenActivation ?? .identity).rawValue
        metadata["class_names"] = classNames.joined(separator: "|")
        switch normalization {
        case .scale:
            metadata["normalization"] = "scale"
        case .standardize(let mean, let std):
            metadata["normalization"] = "standardize"
            tensors.append(("input.mean", Matrix(row: mean)))
            tensors.append(("input.std", Matrix(row: std)))
        }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        try saveSafeTensors(tensors, metadata: metadata, to: path)
    }

    /// Reads a model written by `save`. A missing file, another format, or tensors whose shapes do
    /// not match the recorded layer sizes are refused with a message naming the file.
    /// Tensors that are not finite (NaN or ±∞), and input statistics that are not positive and
    /// finite, are refused too: such a model would only ever answer NaN.
    public static func load(from path: String) throws -> SavedModel {
        let (tensors, metadata) = try loadSafeTensors(path)
        return try decode(tensors: tensors, metadata: metadata, name: path)
    }

    /// A model from the bytes of its file (as `load` reads them); `name` is used in error messages.
    public static func decode(bytes: [UInt8], name: String) throws -> SavedModel {
        let (tensors, metadata) = try SafeTensors.decode(bytes, name: name)
        return try decode(tensors: tensors, metadata: metadata, name: name)
    }

    private static func decode(tensors: [String: Matrix], metadata: [String: String], name path: String) throws
        -> SavedModel {
        func fail(_ why: Text) -> WorkbookError {
            WorkbookError(Text(en: "\(path) is not a model this workbook can use: \(why.en). Run Chapter06 again to write a fresh one.",
                               zh: "\(path) 不是本书能用的模型：\(why.in(.zh))。请再运行一次 Chapter06，写一个新的。"))
        }
        if let bad = SafeTensors.firstNonFinite(tensors.mapValues(\.data)) {
            throw fail(Text(en: "its tensor \(bad) holds values that are not finite numbers (NaN or infinity); "
                + "it was saved from a network whose training had broken down",
                zh: "它的张量 \(bad) 里有不是有限数的值（NaN 或无穷大）；保存它的网络在训练中已经崩溃了"))
        }
        guard metadata["format"] == "nn-from-scratch mlp v1" else {
            throw fail(Text(en: "its metadata does not name the workbook's MLP format", zh: "它的元数据没有写明本书的多层感知机格式"))
        }
        let sizes = (metadata["layer_sizes"] ?? "").split(separator: ",", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
        guard sizes.count >= 2, sizes.allSatisfy({ $0 > 0 }) else {
            throw fail(Text(en: "the layer sizes are missing or invalid", zh: "各层的大小缺失或无效"))
        }
        guard let activation = Activation(rawValue: metadata["hidden_activation"] ?? "") else {
            throw fail(Text(en: "the hidden activation '\(metadata["hidden_activation"] ?? "")' is unknown",
                            zh: "不认识隐藏层的激活函数 '\(metadata["hidden_activation"] ?? "")'"))
        }
        var weights: [(weights: Matrix, bias: Matrix)] = []
        for k in 0..<(sizes.count - 1) {
            guard let w = tensors["layers.\(k).weight"], let b = tensors["layers.\(k).bias"] else {
                throw fail(Text(en: "tensors layers.\(k).weight / layers.\(k).bias are missing",
                                zh: "缺少张量 layers.\(k).weight / layers.\(k).bias"))
            }
            guard w.rows == sizes[k], w.cols == sizes[k + 1], b.rows == 1, b.cols == sizes[k + 1] else {
                throw fail(Text(en: "layers.\(k) is \(w.rows)×\(w.cols) with a 1×\(b.cols) bias, but the layer sizes say \(sizes[k])×\(sizes[k + 1])",
                                zh: "layers.\(k) 是 \(w.rows)×\(w.cols)，偏置是 1×\(b.cols)，而各层的大小要求 \(sizes[k])×\(sizes[k + 1])"))
            }
            weights.append((w, b))
        }
        let normalization: Normalization
        switch metadata["normalization"] {
        case "scale": normalization = .scale
        case "standardize":
            guard let mean = tensors["input.mean"], let std = tensors["input.std"],
                  mean.count == sizes[0] || mean.count == 1, std.count == sizes[0] || std.count == 1 else {
                throw fail(Text(en: "the input statistics input.mean / input.std are missing or of the wrong size",
                                zh: "输入的统计量 input.mean / input.std 缺失或大小不对"))
            }
            guard std.data.allSatisfy({ $0 > 0 && $0.isNormal }) else {
                let bad = std.data.first(where: { !($0 > 0 && $0.isNormal) })!
                throw fail(Text(en: "its input statistics are unusable: input.std must be positive, but holds \(bad)",
                                zh: "它的输入统计量不能用：input.std 必须是正数，里面却有 \(bad)"))
            }
            normalization = .standardize(mean: mean.data, std: std.data)
        default: throw fail(Text(en: "the input normalisation is not recorded", zh: "没有记录输入的归一化方式"))
        }
        let names = (metadata["class_names"] ?? "").split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard names.count == sizes.last else {
            throw fail(Text(en: "it names \(names.count) classes for \(sizes.last!) outputs",
                            zh: "它为 \(sizes.last!) 个输出写了 \(names.count) 个类别名"))
        }
        let known: Set = ["format", "layer_sizes", "hidden_activation", "class_names", "normalization"]
        return SavedModel(network: Sequential(mlpWeights: weights, activation: activation),
                          normalization: normalization, classNames: names,
                          notes: metadata.filter { !known.contains($0.key) })
    }
}
