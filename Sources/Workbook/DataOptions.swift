// DataOptions: the flags that choose the images a training chapter learns from, shared by every chapter
// that trains on a data set (`@OptionGroup var dataOptions: DataOptions`):
//
//   --dataset mnist|fashion   the embedded MNIST digits (default) or Debian's Fashion-MNIST
//   --data DIR                a folder of MNIST-format files instead (wins over --dataset)

import ArgumentParser
import Engine
import Foundation

public struct DataOptions: ParsableArguments {
    @Option(help: Text(en: "Data set: the embedded MNIST digits, or Debian's Fashion-MNIST.",
                       zh: "数据集：内置的 MNIST 手写数字，或 Debian 的 Fashion-MNIST。").help)
    public var dataset: DataSetName = .mnist

    @Option(name: .customLong("data"), help: Text(en: "A folder with the four MNIST-format files (gzip or not).",
                                                  zh: "一个存放四个 MNIST 格式文件的文件夹（gzip 压缩与否均可）。").help)
    public var folder: String?

    public init() {}

    /// The engine's data set: the folder of --data when given, else the one --dataset names.
    public var dataSet: DataSet { dataset.dataSet(folder: folder) }

    public func validate() throws {
        if let folder { try Self.checkDataFolder(folder) }
    }

    /// Refuses a --data folder that does not exist or lacks one of the four MNIST-format files,
    /// before anything is loaded or trained.
    static func checkDataFolder(_ folder: String) throws {
        let files = IDXReader.expectedFiles.joined(separator: ", ")
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw ValidationError(Text(en: "--data \(folder): there is no such folder. It should hold the four MNIST-format files \(files) (each optionally .gz); check the path.",
                                       zh: "--data \(folder)：没有这个文件夹。它应当存放四个 MNIST 格式的文件 \(files)（每个都可以是 .gz）；请检查路径。"))
        }
        for base in IDXReader.expectedFiles where (try? IDXReader.locate(folder: folder, base: base)) == nil {
            throw ValidationError(Text(en: "--data \(folder) has no \(base) (or \(base).gz). The folder needs all four MNIST-format files: \(files).",
                                       zh: "--data \(folder) 里没有 \(base)（也没有 \(base).gz）。这个文件夹需要全部四个 MNIST 格式的文件：\(files)。"))
        }
    }
}
