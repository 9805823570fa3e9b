// People: Victor Zhou's gender data set, the training data of Chapters 4 and 5.
//
// Weight is in pounds minus 135 and height in inches minus 66; female is 1, male is 0.

public struct Person: Sendable {
    public let name: String
    /// (weight − 135 lb, height − 66 in)
    public let x: [Double]
    /// 1 for female, 0 for male; nil when unknown (someone to predict).
    public let y: Double
    public init(_ name: String, _ weight: Double, _ height: Double, _ y: Double) {
        self.name = name
        x = [weight, height]
        self.y = y
    }
}

public enum People {
    public static let alice = Person("Alice", -2, -1, 1)
    public static let bob = Person("Bob", 25, 6, 0)
    public static let charlie = Person("Charlie", 17, 4, 0)
    public static let diana = Person("Diana", -15, -6, 1)
    public static let training = [alice, bob, charlie, diana]

    /// New people to predict: the published answers are Emily ≈ 0.951 (F) and Frank ≈ 0.039 (M).
    public static let emily = Person("Emily", -7, -3, 1)
    public static let frank = Person("Frank", 20, 2, 0)
}
