import Foundation

/// A TCP socket listening on 127.0.0.1 and a free port that never accepts: the kernel completes each client's
/// handshake and queues it, so ``connectionCount()`` tells how many clients tried to connect (a test that
/// must send no request proves it with a count of 0). It never answers, so a client that did connect waits
/// for its own timeout.
public final class ConnectionRecorder: @unchecked Sendable {
    /// The listening port.
    public let port: Int
    private let socketDescriptor: Int32
    private let lock = NSLock()
    private var accepted = 0

    /// Binds and listens; throws when the system refuses.
    public init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw FakePVE.HarnessError(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard bound == 0, named == 0, listen(descriptor, 64) == 0,
            fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK) == 0
        else {
            close(descriptor)
            throw FakePVE.HarnessError(description: "cannot listen on 127.0.0.1: errno \(errno)")
        }
        socketDescriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(socketDescriptor) }

    /// Connections made so far (each is taken from the queue and closed).
    public func connectionCount() -> Int {
        lock.withLock {
            while true {
                let client = accept(socketDescriptor, nil, nil)
                if client < 0 { break }
                close(client)
                accepted += 1
            }
            return accepted
        }
    }
}
