import Glibc

/// Pipes and descriptor chores for running a child.
enum Descriptors {
    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32

    /// glibc's `pipe2`, which Swift's Glibc module does not declare (it is a GNU extension, in every glibc
    /// since 2.9): looked up once by name.
    private static let pipe2: Pipe2 = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pipe2") else {  // RTLD_DEFAULT
            fatalError("this C library has no pipe2")
        }
        return unsafeBitCast(symbol, to: Pipe2.self)
    }()

    /// A pipe whose ends are closed on `exec` from the start (`pipe2`), so a child that another thread starts at
    /// the same moment never inherits them and never holds them open; `nonBlocking` for both ends.
    static func pipe(nonBlocking: Bool = false) throws(ChildProcessError) -> (read: Int32, write: Int32) {
        var ends: [Int32] = [-1, -1]
        guard pipe2(&ends, O_CLOEXEC | (nonBlocking ? O_NONBLOCK : 0)) == 0 else {
            let number = errno
            throw ChildProcessError(.launchFailed, "no pipe could be made: \(String(cString: strerror(number)))", errorNumber: number)
        }
        return (ends[0], ends[1])
    }

    /// Makes `descriptor` non-blocking (the parent's end of a pipe; the child's end is another open file).
    static func setNonBlocking(_ descriptor: Int32) {
        let flags = fcntl(descriptor, F_GETFL)
        if flags >= 0 { _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK) }
    }

    /// Closes `descriptor` unless it is `-1`, and sets it to `-1`.
    static func close(_ descriptor: inout Int32) {
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = -1
    }
}
