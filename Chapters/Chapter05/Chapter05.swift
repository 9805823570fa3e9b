// Chapter 5 · Stochastic gradient descent
//
// Train Victor Zhou's network on Alice, Bob, Charlie and Diana one person at a time, watch the
// loss fall, predict two new people, and compare SGD, momentum, AdaGrad, RMSprop and Adam on one surface.

import ArgumentParser
import Engine
import Workbook
import Foundation

@main
struct Chapter05: ChapterCommand {
    static let configuration = CommandConfiguration(
        abstract: Text(en: "Chapter 5: training with stochastic gradient descent, predictions, and optimisers compared.",
                       zh: "第 5 章：用随机梯度下降训练、做预测，并比较几种优化器。").forReader)

    @OptionGroup var options: ChapterOptions

    static let learningRateOption = NumericOption<Double>.learningRate(
        Text(en: "Learning rate η of the SGD training", zh: "SGD 训练的学习率 η"))
    static let epochsOption = NumericOption(
        "--epochs", 1...100_000, Text(en: "Epochs of training, one step per person each", zh: "训练的轮数，每轮对每个人各走一步"))

    @Option(help: Self.learningRateOption.help)
    var learningRate: Double = 0.1

    @Option(help: Self.epochsOption.help)
    var epochs: Int = 1000

    func validate() throws {
        try Self.learningRateOption.check(learningRate)
        try Self.epochsOption.check(epochs)
    }

    func run() throws {
        let nb = Notebook(chapter: 5, title: Text(en: "Stochastic gradient descent", zh: "随机梯度下降"), options: options)
        let network = try advisingOnDivergence { try training(nb) }
        try predictions(nb, network)
        try optimisers(nb)
        furtherReading(nb)
        try nb.finish()
    }

    /// Per-sample SGD on the four people; the loss over all four every 10 epochs.
    static func train(seed: UInt64, learningRate: Double, epochs: Int) throws -> (AliceNetwork, [(Int, Double)]) {
        let people = People.training
        // #region sgd
        var rng = SeededRandom(seed: seed)
        var network = AliceNetwork(rng: &rng)          // every weight and bias ~ N(0, 1)
        var losses = [(0, network.meanLoss(people.map(\.x), people.map(\.y)))]
        for epoch in 1...epochs {
            for person in people {                     // one step per person, in a fixed order
                network.sgdStep(person.x, person.y, learningRate: learningRate)
            }
            if epoch % 10 == 0 {
                let loss = network.meanLoss(people.map(\.x), people.map(\.y))
                guard loss.isFinite else {
                    throw TrainingDiverged(epoch: epoch, learningRate: learningRate,
                                           what: Text(en: "the loss became \(loss)", zh: "损失变成了 \(loss)"))
                }
                losses.append((epoch, loss))
            }
        }
        // #endregion
        return (network, losses)
    }

    func training(_ nb: Notebook) throws -> AliceNetwork {
        nb.section(Text(en: "Training on Alice, Bob, Charlie and Diana", zh: "用 Alice、Bob、Charlie 和 Diana 训练"))
        nb.text(Text(en: """
            Stochastic gradient descent takes one person at a time: compute the nine gradients of that \
            person's cost by backprop (Chapter 4) and move every parameter a little against its gradient, \
            p ← p − η·∂L/∂p. One pass over the four people is an epoch. As in Victor Zhou's code, the \
            order is the same every epoch (Alice, Bob, Charlie, Diana); Chapter 6 shuffles the order \
            each epoch, which is the usual practice. The weights start as random draws from a normal \
            distribution (seed \(options.seed)), so h₁ and h₂ start different (Chapter 4 showed why they \
            must); η = \(learningRate), \(epochs) epochs.
            """, zh: """
            随机梯度下降每次只看一个人：用反向传播（第 4 章）求出这个人的损失对九个参数的梯度，再\
            把每个参数朝梯度的反方向挪一点：p ← p − η·∂L/∂p。把四个人都过一遍，就是一轮（epoch）\
            。和 Victor Zhou 的代码一样，每一轮的顺序都相同（Alice、Bob、Charlie、Diana）；第 6 章\
            会在每一轮打乱顺序，这才是通常的做法。权重的初值从正态分布中随机抽取（种子为 \(options.seed)）\
            ，所以 h₁ 和 h₂ 一开始就不同（第 4 章说明了为什么必须如此）；η = \(learningRate)，训\
            练 \(epochs) 轮。
            """))
        nb.code("sgd")
        nb.code("sgd-step", file: "Sources/Engine/Examples/AliceNetwork.swift")
        let (network, losses) = try Self.train(seed: options.seed, learningRate: learningRate, epochs: epochs)
        let shown = losses.filter { $0.0 % max(10, epochs / 10 / 10 * 10) == 0 }
        nb.table([Text(en: "epoch", zh: "轮"), Text(en: "loss (mean squared error)", zh: "损失（均方误差）")], shown.map { ["\($0.0)", fixed($0.1, 4)] })
        nb.result(Text(en: "loss before training", zh: "训练前的损失"), fixed(losses.first!.1, 4))
        nb.result(Text(en: "loss after \(epochs) epochs", zh: "\(epochs) 轮之后的损失"), fixed(losses.last!.1, 4))
        var figure = Figure(name: "ch05-loss", title: "SGD on four people: loss every 10 epochs (η = \(learningRate))",
                            xLabel: "epoch", yLabel: "loss (mean squared error)")
        figure.series = [Series("loss", x: losses.map { Double($0.0) }, y: losses.map(\.1), style: .linesPoints)]
        figure.legend = .none
        try nb.figure(figure, zh: "在四个人上做 SGD：每 10 轮记录一次损失（η = \(learningRate)）")
        return network
    }

    func predictions(_ nb: Notebook, _ network: AliceNetwork) throws {
        nb.section(Text(en: "Predicting new people", zh: "预测新来的人"))
        nb.text(Text(en: """
            Emily weighs 128 lb and is 63 in tall: x = (−7, −3). Frank weighs 155 lb and is 68 in tall: \
            x = (20, 2). The tutorial's network said 0.951 for Emily (female) and 0.039 for Frank (male).
            """, zh: """
            Emily 体重 128 磅、身高 63 英寸：x = (−7, −3)。Frank 体重 155 磅、身高 68 英寸：x = (20, 2)。\
            教程里的网络对 Emily 给出 0.951（女性），对 Frank 给出 0.039（男性）。
            """))
        nb.code("predict")
        // #region predict
        let emily = network.predict(People.emily.x), frank = network.predict(People.frank.x)
        // #endregion
        nb.result("Emily", fixed(emily, 3))
        nb.result("Frank", fixed(frank, 3))
        nb.text(Text(en: """
            The exact numbers depend on where the weights started, so the tutorial's digits cannot be \
            reproduced exactly; what holds for every start is the verdict. Here is the same training from \
            ten random starts:
            """, zh: """
            具体的数值取决于权重从哪里出发，所以教程里的数字没法原样复现；不管从哪里出发都成立的\
            ，是最后的判断。下面是从十个不同的随机起点做同样的训练：
            """))
        var rows: [[String]] = []
        var emilies: [Double] = [], franks: [Double] = []
        for seed in UInt64(1)...10 {
            let (net, losses) = try Self.train(seed: seed, learningRate: learningRate, epochs: epochs)
            let e = net.predict(People.emily.x), f = net.predict(People.frank.x)
            emilies.append(e)
            franks.append(f)
            rows.append(["\(seed)", fixed(losses.last!.1, 4), fixed(e, 3), fixed(f, 3)])
        }
        nb.table([Text(en: "seed", zh: "种子"), Text(en: "final loss", zh: "最终损失"), "Emily", "Frank"], rows)
        nb.result(Text(en: "Emily over seeds 1–10", zh: "种子 1–10 下的 Emily"), Text(en: "\(fixed(emilies.min()!, 3)) to \(fixed(emilies.max()!, 3))", zh: "\(fixed(emilies.min()!, 3)) 到 \(fixed(emilies.max()!, 3))"))
        nb.result(Text(en: "Frank over seeds 1–10", zh: "种子 1–10 下的 Frank"), Text(en: "\(fixed(franks.min()!, 3)) to \(fixed(franks.max()!, 3))", zh: "\(fixed(franks.min()!, 3)) 到 \(fixed(franks.max()!, 3))"))
        let agreeing = zip(emilies, franks).filter { $0 > 0.5 && $1 < 0.5 }.count
        nb.result(Text(en: "seeds that call Emily F and Frank M", zh: "判断 Emily 为女、Frank 为男的种子数"),
                  Text(en: "\(agreeing) of 10", zh: "10 个里有 \(agreeing) 个"))
        try boundary(nb, network)
    }

    /// The people on the weight–height plane, and the line where the trained network says 0.5.
    func boundary(_ nb: Notebook, _ network: AliceNetwork) throws {
        // Where, at height h, the prediction crosses 0.5 (it falls as weight grows): by bisection.
        func crossing(height: Double) -> Double {
            var low = -25.0, high = 35.0
            for _ in 0..<60 {
                let middle = (low + high) / 2
                if network.predict([middle, height]) > 0.5 { low = middle } else { high = middle }
            }
            return (low + high) / 2
        }
        let atZero = crossing(height: 0)
        nb.text(Text(en: """
            Where does the network draw the line between its two answers? The figure below places the six \
            people on the weight–height plane and draws one contour of the trained network's output: the \
            curve where y_pred = 0.5. Below and left of it (lighter, shorter) the network says female, \
            above and right of it male. At 66 in, the tutorial's average height, the curve crosses at \
            this weight:
            """, zh: """
            网络在它的两种回答之间，把界线画在哪里？下图把六个人放在“体重–身高”平面上，并画出训练\
            好的网络输出的一条等高线：y_pred = 0.5 的那条曲线。在它的左下方（更轻、更矮），网络说\
            是女性；在右上方，说是男性。在教程的平均身高 66 英寸处，这条曲线穿过的体重是：
            """))
        nb.result(Text(en: "weight − 135 where the 0.5 curve crosses 66 in", zh: "0.5 曲线穿过 66 英寸处的体重 − 135"), fixed(atZero, 2))
        var figure = Figure(name: "ch05-people", title: "The six people, and where the trained network says 0.5",
                            xLabel: "weight − 135 (lb)", yLabel: "height − 66 (in)")
        figure.surface = Surface(x: -25...35, y: -10...10, samples: 121, levels: [0.5], colorMap: false) { w, h in
            network.predict([w, h])
        }
        let people = People.training + [People.emily, People.frank]
        let women = people.filter { $0.y == 1 }, men = people.filter { $0.y == 0 }
        figure.series = [
            Series("female (training: Alice, Diana; new: Emily)", x: women.map { $0.x[0] }, y: women.map { $0.x[1] },
                   style: .points, color: "#d62728"),
            Series("male (training: Bob, Charlie; new: Frank)", x: men.map { $0.x[0] }, y: men.map { $0.x[1] },
                   style: .points, color: "#1f77b4"),
        ]
        figure.annotations = people.map { Annotation($0.name, x: $0.x[0], y: $0.x[1], marker: false) }
            + [Annotation("y_pred = 0.5", x: crossing(height: 2), y: 2, marker: false),
               Annotation("predicted F", x: -22, y: -8, marker: false), Annotation("predicted M", x: 25, y: -8, marker: false)]
        figure.xRange = -25...35
        figure.yRange = -10...10
        figure.legend = .topLeft
        try nb.figure(figure, zh: "六个人，以及训练好的网络输出 0.5 的地方")
    }

    func optimisers(_ nb: Notebook) throws {
        nb.section(Text(en: "SGD, momentum, AdaGrad, RMSprop and Adam on one surface", zh: "SGD、动量法、AdaGrad、RMSprop 和 Adam 在同一个曲面上"))
        nb.text(Text(en: """
            The beginner's overview that Chapter 3 quotes lists optimisers by name; here is what each one does. Plain SGD steps \
            straight down the local slope. On a long, narrow valley such as f(x, y) = x²/20 + y² that \
            slope points mostly across the valley, so SGD zig-zags. Momentum keeps a running velocity, so \
            steps that agree add up and steps that disagree cancel. AdaGrad divides each coordinate's \
            step by the square root of the sum of all its squared gradients so far, so a coordinate with \
            big gradients takes small steps; because that sum only grows, its steps only shrink. RMSprop \
            uses a running average instead, which forgets old gradients. Adam combines a momentum-like \
            average of the gradient with RMSprop's scaling. With g the gradient (plus weight decay, if \
            any) and every operation taken element by element:
            """, zh: """
            第 3 章引用的入门综述列出了几种优化器的名字；这里说说它们各自做了什么。普通的 SGD 沿\
            着脚下的斜率直直往下走。在 f(x, y) = x²/20 + y² 这样又长又窄的山谷里，斜率大多指向横\
            穿山谷的方向，所以 SGD 走成了之字形。动量法保留一个不断累积的速度，方向一致的步子会叠\
            加，方向相反的会抵消。AdaGrad 把每个坐标的步长除以它迄今为止所有梯度平方之和的平方根\
            ，梯度大的坐标就迈小步；因为这个和只增不减，它的步子只会越来越小。RMSprop 改用滑动平\
            均，会逐渐忘掉旧的梯度。Adam 把类似动量的梯度平均和 RMSprop 的缩放结合在一起。记 g 为\
            梯度（如有权重衰减，也加在里面），下面的每个运算都逐元素进行：
            """))
        nb.table([Text(en: "optimiser", zh: "优化器"), Text(en: "update rule", zh: "更新规则"), Text(en: "defaults in the engine", zh: "引擎中的默认值")], [
            ["SGD", "w ← w − η·g", ""],
            [Text(en: "Momentum", zh: "动量法（Momentum）"), "v ← μ·v − η·g;  w ← w + v", "μ = 0.9"],
            ["AdaGrad", "h ← h + g²;  w ← w − η·g / (√h + ε)", "ε = 1e-7"],
            ["RMSprop", "h ← ρ·h + (1 − ρ)·g²;  w ← w − η·g / (√h + ε)", "ρ = 0.99, ε = 1e-7"],
            ["Adam", "m ← β₁·m + (1 − β₁)·g;  v ← β₂·v + (1 − β₂)·g²;  w ← w − η·m̂ / (√v̂ + ε)",
             "β₁ = 0.9, β₂ = 0.999, ε = 1e-8"],
        ])
        nb.text(Text(en: """
            In Adam's rule m̂ = m / (1 − β₁ᵗ) and v̂ = v / (1 − β₂ᵗ) (mHat and vHat in the code), where t counts \
            the steps. m and v start \
            at 0, so in the first steps they are much smaller than the averages they stand for, v more \
            than m (β₂ is closer to 1). Without the corrections the steps would start too large: with a \
            gradient that stays the same, the step is η·(1 − β₁ᵗ)/√(1 − β₂ᵗ) instead of η. ε only guards \
            against dividing by 0.
            """, zh: """
            Adam 的规则里 m̂ = m / (1 − β₁ᵗ)，v̂ = v / (1 − β₂ᵗ)（代码里写作 mHat 和 vHat），t 是步数。m 和 v 从 0 开始，所以最初\
            几步里它们比所代表的平均值小得多，v 比 m 小得更多（β₂ 更接近 1）。如果不做这两个修正，\
            最初的步子会太大：梯度保持不变时，每一步是 η·(1 − β₁ᵗ)/√(1 − β₂ᵗ)，而不是 η。ε 只是为了\
            防止除以 0。
            """))
        // #region adam-corrections
        // The engine's Adam with η = 1 on a gradient that stays 1: how far does step t move?
        let adam = Adam(learningRate: 1), w = Parameter(name: "w", value: Matrix(row: [0]))
        var corrected: [Float] = []
        for _ in 1...1000 {
            let before = w.value[0, 0]
            w.gradient = Matrix(row: [1])
            adam.step([w])
            corrected.append(before - w.value[0, 0])
        }
        // Without the corrections: m/√v with m = (1 − β₁ᵗ)·g and v = (1 − β₂ᵗ)·g².
        let uncorrected = { (t: Int) in (1 - Elementary.power(0.9, t)) / (1 - Elementary.power(0.999, t)).squareRoot() }
        // #endregion
        nb.code("adam-corrections")
        nb.table([Text(en: "step t", zh: "第 t 步"), Text(en: "step with the corrections", zh: "有修正时的步长"),
                  Text(en: "step without them", zh: "没有修正时的步长")],
                 [1, 10, 100, 1000].map { t in ["\(t)", "\(fixed(corrected[t - 1], 2))·η", "\(fixed(uncorrected(t), 2))·η"] })
        nb.text(Text(en: "The engine's Adam is that rule, element by element:", zh: "引擎里的 Adam 就是这条规则，逐个元素地做："))
        nb.code("update", file: "Sources/Engine/Training/Adam.swift")
        nb.text(Text(en: "AdaGrad and RMSprop differ in one line of the engine's code:", zh: "在引擎的代码里，AdaGrad 和 RMSprop 只差一行："))
        nb.code("update", file: "Sources/Engine/Training/AdaGrad.swift")
        nb.code("update", file: "Sources/Engine/Training/RMSprop.swift")
        nb.text(Text(en: """
            The same engine optimisers that train networks walk this surface: the 'parameter' is the \
            point (x, y). Start (−7, 2), 30 steps, learning rates as in Deep Learning from Scratch's \
            comparison (SGD 0.95, momentum 0.1 with μ = 0.9, AdaGrad 1.5, Adam 0.3), and RMSprop 0.1.
            """, zh: """
            训练网络用的那些引擎优化器，同样可以在这个曲面上走：这里的“参数”就是点 (x, y)。从 (−7, 2) 出\
            发，走 30 步，学习率和《深度学习入门》里那次比较所用的相同（SGD 0.95，动量法 0.1、μ = 0.9，AdaGrad 1.5，\
            Adam 0.3），RMSprop 取 0.1。
            """))
        let f = { (x: Double, y: Double) in x * x / 20 + y * y }
        let contenders: [(String, Optimizer)] = [
            ("SGD (η = 0.95)", SGD(learningRate: 0.95)),
            ("Momentum (η = 0.1, μ = 0.9)", Momentum(learningRate: 0.1, momentum: 0.9)),
            ("AdaGrad (η = 1.5)", AdaGrad(learningRate: 1.5)),
            ("RMSprop (η = 0.1)", RMSprop(learningRate: 0.1)),
            ("Adam (η = 0.3)", Adam(learningRate: 0.3)),
        ]
        var figure = Figure(name: "ch05-optimisers", title: "30 steps on f(x, y) = x²/20 + y² from (−7, 2)",
                            xLabel: "x", yLabel: "y")
        figure.surface = Surface(x: -8...3, y: -2.5...2.5, levels: [0.1, 0.4, 1, 2, 3.5, 5], colorMap: false, f)
        var rows: [[String]] = [], finals: [(name: String, f: Double)] = []
        var signChanges: [String: Int] = [:], flatAt: [String: String] = [:], endX: [String: Float] = [:]
        for (name, optimizer) in contenders {
            nb.code("optimiser-walk")
            // #region optimiser-walk
            let point = Parameter(name: "(x, y)", value: Matrix(row: [-7, 2]))
            var path = [point.value.data]
            for _ in 0..<30 {
                let (x, y) = (point.value[0, 0], point.value[0, 1])
                point.gradient = Matrix(row: [x / 10, 2 * y])      // ∇f = (x/10, 2y)
                optimizer.step([point])
                path.append(point.value.data)
            }
            // #endregion
            let end = path.last!
            let crossings = zip(path, path.dropFirst()).filter { $0[1] * $1[1] < 0 }.count
            let flat = path.firstIndex { abs($0[1]) < 0.01 }.map(String.init) ?? "never"
            let short = String(name.prefix { $0 != " " })
            finals.append((short, f(Double(end[0]), Double(end[1]))))
            signChanges[short] = crossings
            flatAt[short] = flat
            endX[short] = end[0]
            rows.append([name, "(\(fixed(end[0], 4)), \(fixed(end[1], 4)))", fixed(f(Double(end[0]), Double(end[1])), 5),
                         "\(crossings)", flat])
            nb.result(Text(en: "where \(name) ends", zh: "\(name) 的终点"), "(\(fixed(end[0], 4)), \(fixed(end[1], 4)))")
            figure.series.append(Series(name, x: path.map { Double($0[0]) }, y: path.map { Double($0[1]) },
                                        style: .linesPoints, lineWidth: 1.5))
        }
        nb.table([Text(en: "optimiser", zh: "优化器"), Text(en: "after 30 steps", zh: "30 步之后"), "f", Text(en: "times y changed sign", zh: "y 变号的次数"), Text(en: "first step with |y| < 0.01", zh: "首次 |y| < 0.01 的步数")],
                 rows.map { $0.map { $0 == "never" ? Text(en: "never", zh: "从未") : Text(en: $0) } })
        figure.annotations = [Annotation("minimum", x: 0, y: 0)]
        figure.xRange = -8...3
        figure.yRange = -2.5...2.5
        figure.legend = .outside
        figure.width = 960
        try nb.figure(figure, zh: "从 (−7, 2) 出发，在 f(x, y) = x²/20 + y² 上走 30 步")
        let ranking = finals.sorted { $0.f < $1.f }.map(\.name)
        nb.result(Text(en: "times SGD's y changed sign in 30 steps", zh: "30 步中 SGD 的 y 变号的次数"), "\(signChanges["SGD"]!)")
        nb.result(Text(en: "x where momentum ends", zh: "动量法终点的 x"), fixed(endX["Momentum"]!, 4))
        nb.result(Text(en: "first step with |y| < 0.01, AdaGrad and RMSprop", zh: "AdaGrad 和 RMSprop 首次 |y| < 0.01 的步数"), Text(en: "\(flatAt["AdaGrad"]!) and \(flatAt["RMSprop"]!)", zh: "\(flatAt["AdaGrad"]!) 和 \(flatAt["RMSprop"]!)"))
        nb.result(Text(en: "times AdaGrad's and RMSprop's y changed sign", zh: "AdaGrad 和 RMSprop 的 y 变号的次数"), Text(en: "\(signChanges["AdaGrad"]!) and \(signChanges["RMSprop"]!)", zh: "\(signChanges["AdaGrad"]!) 和 \(signChanges["RMSprop"]!)"))
        nb.result(Text(en: "times Adam's y changed sign", zh: "Adam 的 y 变号的次数"), "\(signChanges["Adam"]!)")
        nb.result(Text(en: "lowest f to highest after 30 steps", zh: "30 步之后按 f 从低到高排列"), ranking.joined(separator: ", "))
        nb.text(Text(en: """
            The paths show each optimiser's character. SGD flips the sign of y on every step, since each \
            step multiplies y by 1 − 2·0.95 = −0.9. Momentum swings wide: its velocity carries it past \
            the minimum (it ends at x = \(fixed(endX["Momentum"]!, 4)), on the far side). AdaGrad and \
            RMSprop bring y within 0.01 of the floor by steps \(flatAt["AdaGrad"]!) and \(flatAt["RMSprop"]!), \
            without ever crossing it, and then run along the valley, because dividing by √h evens out \
            the two directions. Adam crosses the floor and comes back (y changes sign \
            \(signChanges["Adam"]!) times) and is still on its way after 30 steps. Yet the ranking by f after 30 steps is not the one the pictures suggest: \
            AdaGrad ends lowest, and plain SGD, zig-zag and all, ends below RMSprop, momentum and Adam. \
            The zig-zag costs SGD little here, because |−0.9| still shrinks y every step and x shrinks by \
            a steady factor 1 − 0.95/10 = 0.905. The learning rates are the book's, picked to show the \
            shapes of the paths, not tuned for this race. Which optimiser wins depends on the surface, \
            the learning rates and the number of steps: none is best everywhere, which is why Chapter 6 \
            lets you choose one and compare them on real data.
            """, zh: """
            从路径上能看出每个优化器的性格。SGD 每一步都让 y 变号，因为每一步把 y 乘以 1 − 2·0.95 = −0.9。\
            动量法摆得很开：速度带着它冲过了最小值（终点在 x = \(fixed(endX["Momentum"]!, 4))，已\
            经到了另一侧）。AdaGrad 和 RMSprop 分别在第 \(flatAt["AdaGrad"]!) 步和第 \(flatAt["RMSprop"]!) 步\
            把 y 带到离谷底 0.01 以内，从不越过谷底，然后顺着山谷走，因为除以 √h 把两个方向拉平了\
            。Adam 越过谷底又折回来（y 变号 \(signChanges["Adam"]!) 次），30 步之后还在半路上。然\
            而，30 步之后按 f 的排名却和图上的印象不一样：AdaGrad 最低，而走之字形的普通 SGD 反而\
            比 RMSprop、动量法和 Adam 都低。之字形在这里对 SGD 几乎没有损失，因为 |−0.9| 仍然让 y 每\
            一步都在缩小，而 x 每一步稳定地乘以 1 − 0.95/10 = 0.905。这些学习率是书里为了展示路径\
            形状挑的，并没有为这场比赛调过。哪个优化器胜出，取决于曲面、学习率和步数：没有哪一个\
            处处最好，所以第 6 章让你自己选一个，在真实数据上比较。
            """))
    }

    func furtherReading(_ nb: Notebook) {
        nb.section(Text(en: "Further reading", zh: "延伸阅读"))
        nb.table([Text(en: "reading", zh: "读物"), Text(en: "where to find it", zh: "在哪里找"), Text(en: "what it adds", zh: "补充了什么")], [
            [Text(en: "Michael Nielsen, Neural Networks and Deep Learning, chapters 1 and 3",
                  zh: "Michael Nielsen，《Neural Networks and Deep Learning》第 1、3 章（英文）"),
             "http://neuralnetworksanddeeplearning.com/chap3.html",
             Text(en: "stochastic gradient descent (chapter 1), momentum and other variations (chapter 3)",
                  zh: "随机梯度下降（第 1 章），动量法及其他变体（第 3 章）")],
            [Text(en: "3Blue1Brown, \"What is backpropagation really doing?\"",
                  zh: "3Blue1Brown，“What is backpropagation really doing?”（B 站有中文字幕版）"),
             "https://www.3blue1brown.com/lessons/backpropagation",
             Text(en: "stochastic gradient descent on mini-batches, pictured", zh: "用图讲解小批量上的随机梯度下降")],
            [Text(en: "Koki Saito, Deep Learning from Scratch, chapter 6", zh: "斋藤康毅，《深度学习入门：基于 Python 的理论与实现》第 6 章"),
             Text(en: "section 6.1", zh: "6.1 节"),
             Text(en: "SGD, Momentum, AdaGrad and Adam on this very surface", zh: "SGD、Momentum、AdaGrad 和 Adam，用的正是这个曲面")],
            [Text(en: "Dive into Deep Learning, sections 12.4–12.10", zh: "《动手学深度学习》英文版 12.4–12.10 节"),
             "https://d2l.ai/chapter_optimization/index.html",
             Text(en: "SGD, momentum, AdaGrad, RMSprop and Adam, with their analysis", zh: "SGD、动量法、AdaGrad、RMSprop 和 Adam，以及对它们的分析")],
        ])
    }
}
