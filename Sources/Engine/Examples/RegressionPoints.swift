// RegressionPoints: the 15 (x, y) points of the classic PyTorch linear-regression demo, which the
// overview note walks through line by line; Chapter 3 fits a line to them by gradient descent.

public enum RegressionPoints {
    public static let x: [Double] = [3.3, 4.4, 5.5, 6.71, 6.93, 4.168, 9.779, 6.182, 7.59, 2.167, 7.042, 10.791,
                                     5.313, 7.997, 3.1]
    public static let y: [Double] = [1.7, 2.76, 2.09, 3.19, 1.694, 1.573, 3.366, 2.596, 2.53, 1.221, 2.827, 3.465,
                                     1.65, 2.904, 1.3]
}
