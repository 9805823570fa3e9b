// Normalization: how an image's bytes become a network's inputs.
//
//   .scale                    x/255, so inputs lie in [0, 1];
//   .standardize(mean:, std:) (x/255 − mean) / std, with one mean and one std per pixel, or a single
//                             value of each shared by all pixels.
// ImageDataset.standardization(rows:) computes the statistics the workbook recommends.

public enum Normalization: Equatable, Sendable {
    /// x/255, into [0, 1].
    case scale
    /// (x/255 − mean) / std, where `mean` and `std` each hold one value per pixel or a single shared value.
    case standardize(mean: [Float], std: [Float])
}
