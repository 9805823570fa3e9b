// DataOptions: the flags that choose the images a training chapter learns from, shared by every chapter
// that trains on a data set (`@OptionGroup var dataOptions: DataOptions`):
//
//   --dataset mnist|fashion   the embedded MNIST digits (default) or Debian's Fashion-MNIST
//   --data DIR                a folder of MNIST-format files instead (wins over --dataset)

import ArgumentParser
import Engine

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
}
