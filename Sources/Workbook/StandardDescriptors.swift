// StandardDescriptors: the process set-up a chapter needs before it opens any file (ChapterCommand's
// main does it first).

import Foundation

public enum StandardDescriptors {
    /// Opens /dev/null onto any of descriptors 0, 1 and 2 that is closed (`Chapter01 >&-`), so that
    /// a file or pipe the chapter opens later never lands on standard output or error by accident.
    public static func repair() {
        for descriptor in Int32(0)...2 where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            let opened = open("/dev/null", O_RDWR)     // the lowest free descriptor: this one
            if opened >= 0 && opened != descriptor {
                dup2(opened, descriptor)
                close(opened)
            }
        }
    }
}
