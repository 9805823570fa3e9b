// Text: a piece of a chapter's text in English and, where it has been translated, Simplified Chinese.
//
// The Chinese sits next to the English in the chapter's source, so the two never drift apart:
//
//     nb.text(Text(en: "σ(7) = \(fixed(y, 7)) is close to 1.",
//                  zh: "σ(7) = \(fixed(y, 7))，已经很接近 1。"))
//
// Both strings are ordinary Swift strings, interpolation included. A plain string literal is a Text
// with English only; asked for Chinese, such a Text gives its English.
//
// Text sits below the engine and the workbook alike: a chapter's page, the engine's error messages,
// the names of its losses and of Fashion-MNIST's classes are all Texts, put into one language one way.

public struct Text: Equatable, Sendable, ExpressibleByStringInterpolation {
    public let en: String
    public let zh: String?

    public init(en: String, zh: String? = nil) {
        self.en = en
        self.zh = zh
    }

    public init(_ english: String) { self.init(en: english) }

    public init(stringLiteral value: String) { self.init(en: value) }

    public init(stringInterpolation: DefaultStringInterpolation) {
        self.init(en: String(stringInterpolation: stringInterpolation))
    }

    /// The text in `language`, or its English if it has no such translation.
    public func `in`(_ language: Language) -> String {
        switch language {
        case .en: en
        case .zh: zh ?? en
        }
    }
}
