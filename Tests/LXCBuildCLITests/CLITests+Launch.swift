import Foundation

extension CLITests {
    /// Starts lxc-build with `arguments` and `environment`, standard input empty, its outputs where given (a pipe's
    /// reading end is closed on exec, so a program another test starts cannot hold it open).
    static func launch(_ arguments: [String], environment: [String: String], output: Pipe?, errors: Pipe?) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        for pipe in [output, errors].compactMap({ $0 }) {
            _ = fcntl(pipe.fileHandleForReading.fileDescriptor, F_SETFD, FD_CLOEXEC)
        }
        process.standardOutput = output ?? FileHandle.nullDevice
        process.standardError = errors ?? FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }
}
