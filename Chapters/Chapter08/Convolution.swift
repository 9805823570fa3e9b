// Chapter 8 · Convolution from its definition: the loops over positions, the output-size rule,
// im2col and the one product, the backward passes of a convolution and of max pooling, and, on a
// small example, the check that the layers the network trains with give the same numbers.

import Engine
import Workbook
import Foundation

extension Chapter08 {
    static let convolutionFile = "Chapters/Chapter08/Convolution.swift"

    /// Whether the chapter's images are digits (the embedded MNIST or a --data folder of MNIST-format
    /// files), for the sentences that describe what a filter finds in them.
    var imagesAreDigits: Bool { dataFolder != nil || dataset == .mnist }

    // MARK: - The definition

    func whatAConvolutionDoes(_ nb: Notebook, _ train: ImageDataset) throws {
        nb.section(Text(en: "What a convolution does", zh: "卷积在做什么"))
        nb.text(Text(en: """
            A dense layer connects every pixel to every hidden unit: a unit that has learned to spot a \
            stroke in the top left corner knows nothing about the same stroke one pixel to the right. A \
            convolutional layer does the opposite. It has a few small filters, here 3×3 numbers each, and \
            slides every filter over the whole image: at each position it multiplies the filter with the \
            3×3 pixels under it and adds them up. The result is a new image, a feature map, that is bright \
            wherever the pattern of the filter occurs. The same nine weights are used at every position, \
            so what the filter detects is found anywhere in the picture.
            """, zh: """
            全连接层把每个像素都连到每个隐藏单元上：一个单元学会了认出左上角的一笔，对右移一个像素\
            的同一笔却一无所知。卷积层的做法正相反。它只有几个很小的卷积核（也叫滤波器），这里每个\
            只有 3×3 个数；它让每个卷积核滑过整幅图像：在每个位置，把卷积核和它下面的 3×3 个像素\
            对应相乘，再加起来。得到的是一幅新的图像，叫作特征图：图中哪里出现了卷积核所描绘的图案，\
            哪里就亮。每个位置用的都是同样的九个权重（这叫参数共享），所以卷积核要找的东西，不论出\
            现在图中的什么地方，都能被找到。
            """))
        nb.chineseNote("""
            李宏毅的笔记里说，网络结构可以自己设计，“比如不要 fully connected，神经元自己乱接。一种\
            特殊的接法就是卷积神经网络”。卷积网络的接法其实一点也不乱，它守两条规矩：每个单元只连到\
            输入上的一小块窗口（这块窗口叫它的感受野），而且同一层里所有位置共用同一组权重。正是这\
            两条规矩，让卷积网络比全连接网络少了那么多参数，后面会把它们数出来。
            """)
        nb.text(Text(en: """
            Written out, that is seven nested loops: over the images, the filters and the output rows and \
            columns, and inside them the sum over the window: every channel, kernel row and kernel column. Outside the image the \
            window reads zeros (padding), and the window moves by a stride of S pixels. Deep learning's \
            "convolution" is in fact cross-correlation: the kernel is laid on the image as it is. The \
            convolution of mathematics and signal processing flips the kernel first (turns it by 180°); \
            since a network learns its kernels, a flipped kernel is just another kernel, and nothing is lost.
            """, zh: """
            把它写出来，就是七重嵌套的循环：对每幅图像、每个卷积核、输出的每一行和每一列；里面再对窗\
            口求和，即对每个通道、卷积核的每一行和每一列。窗口伸到图像外面时读到的是 0（这叫填充），窗口每次移动 S 个\
            像素（这叫步幅）。深度学习里所说的“卷积”其实是互相关：卷积核按原样盖在图像上。数学和信号\
            处理里的卷积要先把卷积核翻转（转 180°）；既然网络的卷积核是学出来的，翻转过的卷积核也不过\
            是另一个卷积核，什么也没有丢。
            """))
        nb.code("definition", file: "Sources/Engine/Network/ConvolutionDefinition.swift")
        nb.text(Text(en: """
            Here are two filters made by hand, run through these loops. The first answers to a change from \
            dark on the left to bright on the right (a vertical edge), the second to a change from top to \
            bottom (a horizontal edge). One zero pixel of padding around the image keeps the feature maps 28×28.
            """, zh: """
            下面是两个手工设计的卷积核，用上面的循环来算。第一个对从左暗到右亮的变化有反应（竖直边\
            缘），第二个对从上到下的明暗变化有反应（水平边缘）。在图像四周补一圈值为 0 的像素，特征图\
            就仍然是 28×28。
            """))
        let index = train.indices(ofClass: 7)[0]
        let digit = train.batch([index]).x          // 1 × 784, pixels in [0, 1]
        nb.code("edges", file: Self.convolutionFile)
        // #region edges
        let filters = Matrix([[-1, 0, 1, -2, 0, 2, -1, 0, 1],       // vertical edges: right minus left
                              [-1, -2, -1, 0, 0, 0, 1, 2, 1]])      // horizontal edges: below minus above
        let maps = crossCorrelation(digit, filters: filters, bias: Matrix(rows: 1, cols: 2),
                                    channels: 1, height: 28, width: 28, kernel: 3, padding: 1)
        // maps: 1 × (2·28·28), two feature maps one after the other
        let pool = MaxPool2D(channels: 2, height: 28, width: 28, size: 2)
        let pooled = pool.forward(maps)             // 1 × (2·14·14): the largest value of every 2×2 block
        // #endregion
        let vertical = Array(maps.data[0..<784]), horizontal = Array(maps.data[784..<1568])
        let side = Int(Double(maps.cols / 2).squareRoot())     // each map is side × side
        nb.result(Text(en: "feature maps", zh: "特征图"), "2 × \(side)×\(side)")
        nb.result(Text(en: "strongest vertical-edge response", zh: "竖直边缘的最强响应"), fixed(vertical.map(abs).max()!, 2))
        nb.result(Text(en: "strongest horizontal-edge response", zh: "水平边缘的最强响应"), fixed(horizontal.map(abs).max()!, 2))
        var figure = Figure(name: "ch08-edges", title: "A training image and its two feature maps (blue: negative, red: positive)")
        figure.imageGrid = ImageGrid(images: [digit.data, vertical, horizontal], columns: 3,
                                     captions: ["the image", "vertical-edge filter", "horizontal-edge filter"], palette: .diverging)
        figure.width = 760
        figure.height = 300
        try nb.figure(figure, zh: "一幅训练图像和它的两幅特征图（蓝：负，红：正）")
        let className = train.classNames[7]
        nb.text(imagesAreDigits ? Text(en: """
            On the 7, the vertical-edge map lights up along the left and right sides of the long \
            stroke (red where ink starts, blue where it ends), and the horizontal-edge map along the top \
            bar. Pooling then shrinks each map: 2×2 max pooling keeps only the largest number of every \
            2×2 block, so a map of 28×28 becomes 14×14, a quarter of the numbers.
            """, zh: """
            在这个 7 上，竖直边缘的特征图沿着那一长笔的左右两侧亮起来（墨迹开始处为红，结束处为蓝），\
            水平边缘的特征图则沿着顶上那一横亮起来。接下来，池化把每幅特征图缩小：2×2 最大池化只保\
            留每个 2×2 小块里最大的那个数，于是 28×28 的特征图变成 14×14，数的个数只剩四分之一。
            """) : Text(en: """
            On this image of class \(className), the vertical-edge map lights up where a dark-to-bright \
            change runs up and down (red where it brightens from left to right, blue where it darkens), \
            and the horizontal-edge map where one runs across. Pooling then shrinks each map: 2×2 max \
            pooling keeps only the largest number of every 2×2 block, so a map of 28×28 becomes 14×14, a \
            quarter of the numbers.
            """, zh: """
            在这幅类别为 \(ClassNames.text(of: className).in(.zh)) 的图像上，竖直边缘的特征图在明暗沿上下方向变化的地方\
            亮起来（从左到右变亮处为红，变暗处为蓝），水平边缘的特征图则在明暗沿左右方向变化的地方亮\
            起来。接下来，池化把每幅特征图缩小：2×2 最大池化只保留每个 2×2 小块里最大的那个数，于是 \
            28×28 的特征图变成 14×14，数的个数只剩四分之一。
            """))
        let pooledVertical = Array(pooled.data[0..<196]), pooledHorizontal = Array(pooled.data[196..<392])
        nb.result(Text(en: "numbers per map before and after pooling", zh: "池化前后每幅特征图里数的个数"),
                  "\(28 * 28) → \(pool.outputHeight * pool.outputWidth)")
        nb.result(Text(en: "strongest vertical-edge response after pooling", zh: "池化后竖直边缘的最强响应"), fixed(pooledVertical.max()!, 2))
        // What pooling keeps: shift the image one pixel right and compare the pooled maps.
        var shiftedPixels = [Float](repeating: 0, count: 784)
        for y in 0..<28 { for x in 1..<28 { shiftedPixels[y * 28 + x] = digit.data[y * 28 + x - 1] } }
        let shiftedMaps = crossCorrelation(Matrix(row: shiftedPixels), filters: filters, bias: Matrix(rows: 1, cols: 2),
                                           channels: 1, height: 28, width: 28, kernel: 3, padding: 1)
        let shiftedPooled = pool.forward(shiftedMaps)
        func agreement(_ a: ArraySlice<Float>, _ b: ArraySlice<Float>) -> Double {
            // Cosine similarity of two maps: 1 when they are the same up to scale.
            var ab = 0.0, aa = 0.0, bb = 0.0
            for (x, y) in zip(a, b) { ab += Double(x * y); aa += Double(x * x); bb += Double(y * y) }
            return ab / max((aa * bb).squareRoot(), 1e-12)
        }
        let before = agreement(maps.data[0..<784], shiftedMaps.data[0..<784])
        let after = agreement(pooled.data[0..<196], shiftedPooled.data[0..<196])
        nb.result(Text(en: "similarity of the vertical-edge map and that of the image moved 1 pixel right",
                       zh: "竖直边缘特征图与图像右移 1 个像素后的特征图的相似度"), fixed(before, 2))
        nb.result(Text(en: "the same after pooling", zh: "池化之后的相似度"), fixed(after, 2))
        nb.text(Text(en: """
            What pooling keeps is whether, and roughly where, a pattern occurred; it forgets the exact \
            pixel. Move the image one pixel to the right: its feature map moves too, and compared pixel by \
            pixel with the old one (cosine similarity, 1 for identical maps) it matches only \
            \(fixed(before, 2)). After pooling they \(after > before ? "agree better" : "do not agree better"), \
            \(fixed(after, 2)): a stroke that moves within its 2×2 block leaves the block's maximum where it \
            was, so part of the map stays put.
            """, zh: """
            池化留下的是图案有没有出现、大致出现在哪里；它具体落在哪个像素上，就不管了。把图像向右\
            移一个像素：它的特征图也跟着移动，和原来的特征图逐个像素比较（用余弦相似度，两幅完全相\
            同的图为 1），只有 \(fixed(before, 2))。池化之后，两者\(after > before ? "更一致了" : "并没有更一致")：\
            \(fixed(after, 2))。一笔只要还在它所在的 2×2 小块里移动，这个小块的最大值就还留在原处，所\
            以特征图有一部分保持不动。
            """))
        var pooledFigure = Figure(name: "ch08-pooled", title: "The two feature maps after 2×2 max pooling (14×14)")
        pooledFigure.imageGrid = ImageGrid(images: [pooledVertical, pooledHorizontal], width: 14, height: 14, columns: 2,
                                           captions: ["vertical edges, pooled", "horizontal edges, pooled"], palette: .diverging)
        pooledFigure.width = 560
        pooledFigure.height = 300
        try nb.figure(pooledFigure, zh: "2×2 最大池化之后的两幅特征图（14×14）")
    }

    // MARK: - The size of the output

    func outputSize(_ nb: Notebook) {
        nb.section(Text(en: "The size of the output", zh: "输出的大小"))
        nb.text(Text(en: """
            A window of K pixels fits into a side of H pixels with P zeros of padding at each end at \
            H + 2P − K + 1 places; stepping by a stride of S keeps every S-th of them, counted from the \
            first, and the last window must still fit. Along each side the output has (H + 2P − K)/S + 1 \
            positions, the division rounded down:
            """, zh: """
            边长为 H 个像素、两端各补 P 个 0 时，宽为 K 的窗口能放在 H + 2P − K + 1 个位置上；步幅为 \
            S 时，从第一个位置起每隔 S 个取一个，而且最后一个窗口必须还放得下。所以每条边上的输出个数是 (H + 2P − K)/S + 1，除法向下取整：
            """))
        nb.code("output-size", file: "Sources/Engine/Network/ConvolutionDefinition.swift")
        nb.text(Text(en: """
            The table runs the rule on the chapter's own shapes, and beside \
            it the size of the map the definition's loops actually computed on a blank image of that size, \
            with a 1 in every weight. 2×2 max pooling follows the same rule, with K = 2 and S = 2.
            """, zh: """
            下表把这条规则用在本章自己的各种形状上，旁边是定义里的那几重循环在同样\
            大小的空白图像上（卷积核的每个权重都取 1）实际算出的特征图大小。2×2 最大池化也守同一条规\
            则，K = 2，S = 2。
            """))
        let cases: [(h: Int, k: Int, p: Int, s: Int, what: Text)] = [
            (28, 3, 1, 1, Text(en: "the edge filters above", zh: "上面的边缘卷积核")),
            (28, 5, 0, 1, Text(en: "the network's first convolution", zh: "网络的第一个卷积层")),
            (12, 5, 0, 1, Text(en: "its second convolution", zh: "网络的第二个卷积层")),
            (28, 5, 2, 2, Text(en: "a 5×5 kernel with stride 2", zh: "步幅为 2 的 5×5 卷积核")),
            (24, 2, 0, 2, Text(en: "2×2 max pooling of its 24×24 maps", zh: "对第一层 24×24 特征图的 2×2 最大池化")),
        ]
        var rows: [[Text]] = []
        for c in cases {
            let rule = convolutionOutputSize(c.h, kernel: c.k, padding: c.p, stride: c.s)
            let map = crossCorrelation(Matrix(rows: 1, cols: c.h * c.h), filters: Matrix(rows: 1, cols: c.k * c.k, repeating: 1),
                                       bias: Matrix(rows: 1, cols: 1), channels: 1, height: c.h, width: c.h, kernel: c.k,
                                       padding: c.p, stride: c.s)
            let side = Int(Double(map.cols).squareRoot())
            rows.append([c.what, Text(en: "\(c.h)×\(c.h)"), Text(en: "\(c.k)"), Text(en: "\(c.p)"), Text(en: "\(c.s)"),
                         Text(en: "(\(c.h) + \(2 * c.p) − \(c.k))/\(c.s) + 1 = \(rule)"), Text(en: "\(side)×\(side)")])
        }
        nb.table([Text(en: "where", zh: "用在哪里"), Text(en: "input H×H", zh: "输入 H×H"), "K", "P", "S",
                  Text(en: "(H + 2P − K)/S + 1", zh: "(H + 2P − K)/S + 1"), Text(en: "map of the loops", zh: "循环算出的特征图")], rows)
        let strided = convolutionOutputSize(28, kernel: 5, padding: 2, stride: 2)
        nb.result(Text(en: "output side, 28×28 input, 5×5 kernel, padding 2, stride 2", zh: "输入 28×28、5×5 卷积核、填充 2、步幅 2 时输出的边长"),
                  "\(strided)")
        nb.text(Text(en: """
            The stride-2 row shows the rounding: (28 + 4 − 5)/2 = 13.5, so the output is \(strided)×\(strided), \
            and no window reaches the last column of the padded image (one of zeros).
            """, zh: """
            步幅为 2 的那一行显示了取整：(28 + 4 − 5)/2 = 13.5，所以输出是 \(strided)×\(strided)，补过 0 \
            的图像最右边那一列（全是 0）没有哪个窗口够得着。
            """))
    }

    // MARK: - im2col and one product

    func oneProduct(_ nb: Notebook, _ example: Matrix, _ layer: Conv2D) throws {
        nb.section(Text(en: "im2col: every window at once, one product", zh: "im2col：所有窗口一起算，只做一次乘法"))
        let g = layer.geometry
        nb.text(Text(en: """
            The loops do \(g.patchSize) multiply-adds per output, one after another. The same sums can be \
            handed to a matrix product, the operation BLAS libraries are built to compute fast. im2col ("image to \
            columns") copies every window into a column of its own: the patch matrix P has one row per \
            filter weight (channel and kernel offset) and one column per image and output position.
            """, zh: """
            那几重循环为每个输出做 \(g.patchSize) 次乘加，一次接一次。同样的和也可以交给矩阵乘法来算，\
            而 BLAS 库正是专为快速计算矩阵乘法而写的。im2col（image to columns，“图像变成列”）把每个窗口抄成单独的\
            一列：图块矩阵 P 的每一行对应卷积核的一个权重（一个通道里的一个偏移），每一列对应一幅图像\
            的一个输出位置。
            """))
        nb.code("im2col", file: "Sources/Engine/Maths/Im2Col.swift")
        nb.text(Text(en: """
            Row f of the filter matrix W times column j of P is exactly the sum of the definition for \
            filter f at position j, in the same order (channel, then ky, then kx). So one product, \
            Z = W·P, computes every filter at every position of every image in the batch; adding the \
            biases and putting each image's block of columns into its own row gives the layer's output:
            """, zh: """
            卷积核矩阵 W 的第 f 行乘以 P 的第 j 列，恰好就是定义里卷积核 f 在位置 j 上的那个和，连求和\
            的顺序都一样（先通道，再 ky，再 kx）。所以只要一次乘法 Z = W·P，就算出了这一批里每幅图像的\
            每个位置上每个卷积核的结果；再加上偏置，把每幅图像的那一块列放进它自己的那一行，就是这一\
            层的输出：
            """))
        nb.code("product-forward", file: "Sources/Engine/Network/Conv2DTextbook.swift")
        let patches = g.textbookPatches(of: example)
        let output = layer.textbookForward(example)
        nb.text(Text(en: """
            On a small example, the first \(example.rows) training images and the six 5×5 filters of the \
            network's first layer (before training; the network is built in the section "A small LeNet-style network"):
            """, zh: """
            看一个小例子：前 \(example.rows) 幅训练图像，以及网络第一层的六个 5×5 卷积核（还没训练；这个\
            网络在后面“一个 LeNet 式的小网络”一节搭建）：
            """))
        nb.result(Text(en: "W (filters × weights per filter)", zh: "W（卷积核个数 × 每个卷积核的权重数）"),
                  "\(layer.weights.value.rows) × \(layer.weights.value.cols)")
        nb.result(Text(en: "P (weights per filter × images·positions)", zh: "P（每个卷积核的权重数 × 图像数·位置数）"),
                  "\(patches.rows) × \(patches.cols) = \(patches.rows) × \(example.rows)·\(g.outputHeight)·\(g.outputWidth)")
        nb.result(Text(en: "Z = W·P", zh: "Z = W·P"), "\(layer.outChannels) × \(patches.cols)")
        nb.result(Text(en: "output (images × filters·positions)", zh: "输出（图像数 × 卷积核个数·位置数）"),
                  "\(output.rows) × \(output.cols)")
        nb.text(Text(en: """
            Each row of P, read as a 24×24 picture, is the first image seen through one kernel offset: the \
            image moved by (ky, kx). A filter's feature map is the sum of these 25 pictures, each times \
            its weight.
            """, zh: """
            把 P 的每一行看成一幅 24×24 的图，它就是透过卷积核的某一个偏移看到的第一幅图像：图像移动了 \
            (ky, kx)。一个卷积核的特征图，就是这 25 幅图各乘以它对应的权重再加起来。
            """))
        let rows = (0..<patches.rows).map { r in Array(patches.data[(r * patches.cols)..<(r * patches.cols + g.positions)]) }
        var figure = Figure(name: "ch08-patch-rows", title: "The 25 rows of the patch matrix of one image, each as a 24×24 picture")
        figure.imageGrid = ImageGrid(images: rows, width: g.outputWidth, height: g.outputHeight, columns: 5,
                                     captions: (0..<25).map { "ky \($0 / 5), kx \($0 % 5)" })
        figure.width = 620
        figure.height = 700
        try nb.figure(figure, zh: "一幅图像的图块矩阵的 25 行，每行画成一幅 24×24 的图")
    }

    // MARK: - Backward through a convolution

    func backwardThroughAConvolution(_ nb: Notebook, _ example: Matrix, _ layer: Conv2D) throws {
        nb.section(Text(en: "Backward through a convolution", zh: "卷积层的反向传播"))
        nb.text(Text(en: """
            Seen through im2col, a convolution is a dense layer whose samples are the windows: Z = W·P + b. \
            Its backward pass is therefore Chapter 4's, with the patch matrix in place of the inputs. \
            Given dZ, the gradient of the loss with respect to every output: dW = dZ·Pᵀ (each weight's \
            gradient adds up its contribution at every position of every image, since it was used at all \
            of them), db is the sum of each filter's row of dZ, and dP = Wᵀ·dZ is the gradient of every \
            entry of the patch matrix.
            """, zh: """
            从 im2col 的角度看，卷积层就是一个全连接层，只不过它的样本是一个个窗口：Z = W·P + b。所以\
            它的反向传播就是第 4 章的那一套，只是把输入换成了图块矩阵。已知 dZ（损失对每个输出的梯度）：\
            dW = dZ·Pᵀ（每个权重在每幅图像的每个位置上都用到了，它的梯度就把这些位置上的贡献全加起来），\
            db 是 dZ 中每个卷积核那一行的和，dP = Wᵀ·dZ 是损失对图块矩阵每个元素的梯度。
            """))
        nb.code("product-backward", file: "Sources/Engine/Network/Conv2DTextbook.swift")
        nb.text(Text(en: """
            A pixel was copied into every window that covers it, so its gradient is the sum of the \
            gradients of all those copies. col2im is im2col run backwards, adding where im2col copied:
            """, zh: """
            一个像素被抄进了盖住它的每一个窗口，所以它的梯度是所有这些副本的梯度之和。col2im 就是倒着\
            走一遍 im2col：im2col 在哪里抄，它就在哪里加回去：
            """))
        nb.code("col2im", file: "Sources/Engine/Maths/Im2Col.swift")
        let g = layer.geometry
        let y = layer.textbookForward(example)
        let gradients = layer.textbookBackward(y, input: example)          // the loss ½·Σ y², whose dL/dY is Y
        nb.text(Text(en: """
            On the same example, with the loss ½·Σ y² over every output (its gradient dL/dY is the output \
            itself):
            """, zh: """
            还是那个例子，损失取所有输出的 ½·Σ y²（它对输出的梯度 dL/dY 就是输出本身）：
            """))
        let (dW, dX) = ("\(gradients.weights.rows) × \(gradients.weights.cols)", "\(gradients.input.rows) × \(gradients.input.cols)")
        nb.result("dW", Text(en: "\(dW), the shape of W", zh: "\(dW)，和 W 的形状相同"))
        nb.result("db", "\(gradients.bias.rows) × \(gradients.bias.cols)")
        nb.result("dX", Text(en: "\(dX), the shape of the images", zh: "\(dX)，和图像的形状相同"))
        // How many windows see each pixel: col2im of a patch gradient of ones.
        let windows = g.textbookImages(from: Matrix(rows: g.patchSize, cols: g.positions, repeating: 1))
        let (corner, edge, centre) = (windows[0, 0], windows[0, 14], windows[0, 14 * 28 + 14])
        nb.result(Text(en: "5×5 windows that see pixel (0, 0), (0, 14), (14, 14)", zh: "看到像素 (0, 0)、(0, 14)、(14, 14) 的 5×5 窗口个数"),
                  "\(fixed(corner, 0)), \(fixed(edge, 0)), \(fixed(centre, 0))")
        nb.text(Text(en: """
            col2im of a gradient of ones counts the windows that saw each pixel: \(fixed(corner, 0)) for a \
            corner pixel, \(fixed(edge, 0)) in the middle of the top row, \(fixed(centre, 0)) inside the image. \
            A border pixel takes part in few outputs, so without padding it gets little gradient, and a \
            network learns little about what happens there.
            """, zh: """
            对全为 1 的梯度做 col2im，数出的就是每个像素被多少个窗口看到：角上的像素 \(fixed(corner, 0)) 个，\
            第一行正中间的 \(fixed(edge, 0)) 个，图像内部的 \(fixed(centre, 0)) 个。边上的像素只参与很少几个\
            输出，所以不补 0 的话它得到的梯度就少，网络对那里发生的事也学得少。
            """))
        var figure = Figure(name: "ch08-windows-per-pixel", title: "5×5 windows that see each pixel of a 28×28 image")
        figure.imageGrid = ImageGrid(images: [windows.data], columns: 1, captions: ["col2im of ones: from 1 (corners) to 25 (inside)"])
        figure.width = 480
        figure.height = 400
        try nb.figure(figure, zh: "28×28 图像的每个像素被多少个 5×5 窗口看到")
    }

    // MARK: - Backward through max pooling

    func backwardThroughMaxPooling(_ nb: Notebook) {
        nb.section(Text(en: "Backward through max pooling", zh: "最大池化的反向传播"))
        nb.text(Text(en: """
            Max pooling has no weights. Each output is one of its block's inputs, the largest: a small \
            change to that input changes the output by as much, and a small change to any other input of \
            the block changes nothing. So the gradient goes only to the maximum, and the other inputs get \
            0. When several inputs tie for the maximum, the first one (in reading order) is taken, in the \
            forward pass and in the backward pass alike.
            """, zh: """
            最大池化没有权重。每个输出就是它那个小块里的一个输入，最大的那个：这个输入稍微变一点，输出\
            就变同样多；小块里别的输入稍微变一点，输出一点也不变。所以梯度只传给最大值，其余的输入得到 \
            0。如果有几个输入并列最大，就取（按从左到右、从上到下的顺序）第一个，前向传播和反向传播都\
            这样取。
            """))
        nb.code("pool-winner", file: "Sources/Engine/Network/MaxPool2DTextbook.swift")
        nb.code("pool-backward", file: "Sources/Engine/Network/MaxPool2DTextbook.swift")
        let pool = MaxPool2D(channels: 1, height: 4, width: 4, size: 2)
        let x = Matrix(rows: 1, cols: 16, data: [1, 5, 7, 7,
                                                 3, 4, 7, 2,
                                                 0, -1, 6, 9,
                                                 -2, -3, 0, 1])
        let dY = Matrix([[1, 2, 3, 4]])
        let y = pool.textbookForward(x)
        let dX = pool.textbookBackward(dY, input: x)
        nb.text(Text(en: """
            A 4×4 input, its 2×2 max pooling, a gradient for the four outputs, and the gradient that \
            reaches the input. The top-right block holds three 7s; the first of them gets its gradient.
            """, zh: """
            一个 4×4 的输入、它的 2×2 最大池化、四个输出的梯度，以及传回输入的梯度。右上角的小块里有三\
            个 7，梯度给了其中的第一个。
            """))
        func line(_ m: Matrix, _ r: Int, _ width: Int) -> String {
            guard r < m.count / width else { return String(repeating: " ", count: 4 * width) }
            return (0..<width).map { String(format: "%4.0f", m.data[r * width + $0]) }.joined()
        }
        let headers = [Text(en: "x", zh: "x"), Text(en: "max pool", zh: "最大池化"), Text(en: "dL/dy", zh: "dL/dy"), Text(en: "dL/dx", zh: "dL/dx")]
        func padded(_ s: String, _ width: Int, _ language: Language) -> String {
            s + String(repeating: " ", count: max(0, width - DisplayWidth.of(s)))
        }
        func header(_ language: Language) -> String {
            ("  " + zip(headers, [18, 12, 12, 16]).map { padded($0.in(language), $1, language) }.joined())
                .replacingOccurrences(of: " +$", with: "", options: .regularExpression)
        }
        nb.output(Text(en: header(.en), zh: header(.zh)))
        for r in 0..<4 {
            let cells = [padded(line(x, r, 4), 18, .en), padded(line(y, r, 2), 12, .en), padded(line(dY, r, 2), 12, .en), line(dX, r, 4)]
            nb.output("  " + cells.joined())
        }
        nb.result(Text(en: "dL/dx, row by row", zh: "dL/dx（逐行）"),
                  (0..<4).map { r in (0..<4).map { fixed(dX[0, r * 4 + $0], 0) }.joined(separator: " ") }.joined(separator: " | "))
    }

    // MARK: - The definition and the fast layers agree

    func definitionAndFastLayersAgree(_ nb: Notebook, _ example: Matrix, _ layer: Conv2D) {
        nb.section(Text(en: "The same numbers, faster", zh: "同样的数，算得更快"))
        nb.text(Text(en: """
            The network below does not run the code above: its Conv2D layer computes the same product \
            faster (it copies the windows with vector loads, computes each image's block of Z straight \
            into that image's output row, splits a batch between two threads and keeps its buffers from \
            batch to batch), and MaxPool2D compares four 2×2 blocks at a time. Faster must not mean \
            different. Here are the largest differences on the small example (the network's first layer \
            before training, then ReLU and 2×2 max pooling, with the loss ½·Σ y²):
            """, zh: """
            后面的网络并不运行上面这些代码：它的 Conv2D 层用更快的办法算同一个乘法（用向量指令抄窗口，\
            把每幅图像那一块 Z 直接算进这幅图像的输出行，把一批样本分给两个线程，缓冲区一批接一批地重\
            复使用），MaxPool2D 则一次比较四个 2×2 小块。快，但不能算出不一样的数。下面是在那个小例子\
            上的最大差别（未训练的网络第一层，接 ReLU 和 2×2 最大池化，损失取 ½·Σ y²）：
            """))
        let g = layer.geometry
        let fast = Conv2D(weights: layer.weights.value, bias: layer.bias.value, geometry: g)   // the layer, on its own
        let definition = crossCorrelation(example, filters: layer.weights.value, bias: layer.bias.value, channels: g.channels,
                                          height: g.height, width: g.width, kernel: g.kernelHeight, padding: g.padding)
        let textbook = layer.textbookForward(example)
        let y = fast.forward(example)
        let dX = fast.backward(y)
        let gradients = layer.textbookBackward(y, input: example)
        let relu = y.map { max($0, 0) }
        let pool = MaxPool2D(channels: layer.outChannels, height: g.outputHeight, width: g.outputWidth, size: 2)
        let pooled = pool.forward(relu)
        let poolGradient = pool.backward(pooled)
        func largest(_ a: Matrix, _ b: Matrix) -> Float { zip(a.data, b.data).map { abs($0 - $1) }.max() ?? 0 }
        let comparisons: [(Text, Float)] = [
            (Text(en: "the definition's loops and Conv2D.forward", zh: "定义的循环与 Conv2D.forward"), largest(definition, y)),
            (Text(en: "im2col and W·P + b, and Conv2D.forward", zh: "im2col 加 W·P + b 与 Conv2D.forward"), largest(textbook, y)),
            (Text(en: "dX: dP = Wᵀ·dZ and col2im, and Conv2D.backward", zh: "dX：dP = Wᵀ·dZ 加 col2im 与 Conv2D.backward"),
             largest(gradients.input, dX)),
            (Text(en: "dW = dZ·Pᵀ and Conv2D.backward", zh: "dW = dZ·Pᵀ 与 Conv2D.backward"), largest(gradients.weights, fast.weights.gradient)),
            (Text(en: "db and Conv2D.backward", zh: "db 与 Conv2D.backward"), largest(gradients.bias, fast.bias.gradient)),
            (Text(en: "max pooling, forward", zh: "最大池化，前向"), largest(pool.textbookForward(relu), pooled)),
            (Text(en: "max pooling, backward", zh: "最大池化，反向"), largest(pool.textbookBackward(pooled, input: relu), poolGradient)),
        ]
        nb.table([Text(en: "compared", zh: "比较的两者"), Text(en: "largest difference", zh: "最大差别")],
                 comparisons.map { [$0.0, Text(en: "\($0.1)")] })
        let definitionDifference = comparisons[0].1
        let othersAgree = comparisons.dropFirst().allSatisfy { $0.1 == 0 }
        nb.result(Text(en: "largest difference, definition and Conv2D", zh: "定义与 Conv2D 的最大差别"), "\(definitionDifference)")
        nb.result(Text(en: "largest difference, textbook and fast code otherwise", zh: "其余各项教科书代码与快速代码的最大差别"),
                  "\(comparisons.dropFirst().map(\.1).max() ?? 0)")
        let fastAgrees = othersAgree ? Text(en: """
            The product, the backward passes and pooling give the same bits as the code shown: the fast \
            versions do the same additions in the same order, and only where the numbers are kept and \
            which thread computes them changes.
            """, zh: """
            乘法、两种反向传播和池化，和上面展示的代码得到的每一位都一样：快速版本做的是同样的加法，\
            顺序也相同，变的只是数存放在哪里、由哪个线程来算。
            """) : Text(en: """
            Some of the fast versions differ from the code shown, which they should not: the engine's \
            tests hold them to its exact bits.
            """, zh: """
            有几项快速版本和上面展示的代码不一样，这本不该发生：引擎的测试要求它们每一位都相同。
            """)
        let definitionAgrees = definitionDifference == 0 ? Text(en: """
            The definition's loops give the same bits too, and that is not automatic: floating-point \
            addition depends on its order ((a + b) + c is not always a + (b + c)). It holds because the \
            engine's matrix product adds each window's 25 products one after the other, in the loops' \
            order, each with one rounding (a fused multiply-add, as addingProduct does in the loops), on \
            every processor: Appendix A shows how it does so fast.
            """, zh: """
            定义的那几重循环也一样，每一位都相同，而这并不是理所当然的：浮点数加法和顺序有关（(a + b) + c \
            不一定等于 a + (b + c)）。能相同，是因为引擎的矩阵乘法在任何处理器上都把每个窗口的 25 个乘积\
            按循环的顺序一个接一个地加起来，每加一次只舍入一次（融合乘加，和循环里的 addingProduct 一样）。\
            附录 A 讲了它怎样做到既逐位相同又快。
            """) : Text(en: """
            The definition's loops differ from the product by at most \(definitionDifference), which they \
            should not: the engine's product adds each window's products in the loops' order, and its \
            tests hold it to exactly these bits.
            """, zh: """
            定义的那几重循环和矩阵乘法最多相差 \(definitionDifference)，这本不该发生：引擎的乘法按循环的顺序\
            加每个窗口的乘积，它的测试要求每一位都相同。
            """)
        nb.text(Text(en: fastAgrees.en + " " + definitionAgrees.en,
                     zh: fastAgrees.in(.zh) + definitionAgrees.in(.zh)))
    }
}
