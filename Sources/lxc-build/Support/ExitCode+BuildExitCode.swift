import ArgumentParser
import ContainerKit

extension ExitCode {
    /// The argument parser's exit for ContainerKit's code `status` (a literal, `ExitCode(1)`, stays the parser's own).
    @_disfavoredOverload
    init(_ status: BuildExitCode) {
        self.init(status.rawValue)
    }
}
