import Foundation

/// A stand-in for an app's web interface: an HTTP server on a loopback address of its own (`127.x.y.z`, port chosen
/// by the system) that answers 200, or 503 while the file `brokenWhen` exists (a test breaks and mends it with that
/// file, or lets an update inside a container write it). Python's http.server, from the test Python.
public final class HTTPStandIn: @unchecked Sendable {
    /// The loopback address it listens on.
    public let address: String
    /// Its port.
    public let port: Int
    /// `http://ADDRESS:PORT/`.
    public var url: String { "http://\(address):\(port)/" }
    private let process: Process

    private init(address: String, port: Int, process: Process) {
        self.address = address
        self.port = port
        self.process = process
    }

    /// A random address in 127.0.0.0/8 (not 127.0.0.1, which other tests use).
    public static func loopbackAddress() -> String {
        "127.\(Int.random(in: 2...254)).\(Int.random(in: 1...254)).\(Int.random(in: 2...254))"
    }

    static let program = """
        import http.server, os, sys
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(503 if os.path.exists(sys.argv[2]) else 200)
                self.send_header('Content-Length', '2')
                self.end_headers()
                self.wfile.write(b'ok')
            def log_message(self, *args):
                pass
        server = http.server.ThreadingHTTPServer((sys.argv[1], 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """

    /// Starts a stand-in on `address`.
    public static func start(address: String = loopbackAddress(), brokenWhen: String) throws -> HTTPStandIn {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: FakePVE.python)
        process.arguments = ["-c", program, address, brokenWhen]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            kill(process.processIdentifier, SIGKILL)
            throw FakePVE.HarnessError(description: "the HTTP stand-in did not start on \(address)")
        }
        return HTTPStandIn(address: address, port: port, process: process)
    }

    /// Stops it: SIGKILL, as the test process's children may inherit a mask that blocks SIGTERM.
    public func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// Runs `body` with a stand-in (see ``HTTPStandIn``), stopped afterwards.
public func withHTTPStandIn<T>(brokenWhen: String, _ body: (HTTPStandIn) async throws -> T) async throws -> T {
    let standIn = try await offPool { try HTTPStandIn.start(brokenWhen: brokenWhen) }
    do {
        let result = try await body(standIn)
        _ = try? await offPool { standIn.stop() }
        return result
    } catch {
        _ = try? await offPool { standIn.stop() }
        throw error
    }
}
