// errorMessage: what a reader would be told when `body` fails.

import Engine

/// The message of the WorkbookError thrown by `body`, or nil when it does not throw.
public func errorMessage<T>(_ body: () throws -> T) -> String? {
    do {
        _ = try body()
        return nil
    } catch let error as WorkbookError {
        return error.message
    } catch {
        return "unexpected error type: \(error)"
    }
}
