// errorMessage: what a reader would be told when `body` fails.

import Bilingual
import Engine

/// The English message of the WorkbookError thrown by `body`, or nil when it does not throw.
public func errorMessage<T>(_ body: () throws -> T) -> String? {
    errorText(body)?.en
}

/// The message of the WorkbookError thrown by `body` in both languages, or nil when it does not throw.
public func errorText<T>(_ body: () throws -> T) -> Text? {
    do {
        _ = try body()
        return nil
    } catch let error as WorkbookError {
        return error.message
    } catch {
        return Text(en: "unexpected error type: \(error)", zh: "意外的错误类型：\(error)")
    }
}
