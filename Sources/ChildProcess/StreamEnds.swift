import Foundation
import Glibc

/// The pipes between the caller and one child: the parent's ends (non-blocking) and the child's.
struct StreamEnds {
    /// The parent writes the child's input here (`-1`: none, the child reads `/dev/null` or the terminal).
    var inputWrite: Int32 = -1
    /// The parent reads the child's standard output here (`-1`: not collected).
    var outputRead: Int32 = -1
    /// The parent reads the child's standard error here (`-1`: not collected).
    var errorRead: Int32 = -1
    /// The bytes to feed.
    var input = Data()
    private var inputRead: Int32 = -1
    private var outputWrite: Int32 = -1
    private var errorWrite: Int32 = -1
    private var terminal: Int32 = -1

    init(_ streams: ChildCommand.Streams) throws(ChildProcessError) {
        do {
            switch streams {
            case .pipes(let input):
                if let input {
                    (inputRead, inputWrite) = try Descriptors.pipe()
                    self.input = input
                }
                (outputRead, outputWrite) = try Descriptors.pipe()
                (errorRead, errorWrite) = try Descriptors.pipe()
            case .terminal(let descriptor, let captureStandardError):
                terminal = descriptor
                if captureStandardError { (errorRead, errorWrite) = try Descriptors.pipe() }
            }
        } catch {
            closeAll()
            throw error
        }
        for descriptor in [inputWrite, outputRead, errorRead] where descriptor >= 0 {
            Descriptors.setNonBlocking(descriptor)
        }
    }

    /// What the child's descriptors 0, 1 and 2 become. The pipes are close-on-exec, so the child keeps only
    /// these copies.
    func addChildActions(_ actions: inout posix_spawn_file_actions_t) {
        if terminal >= 0 {
            posix_spawn_file_actions_adddup2(&actions, terminal, 0)
            posix_spawn_file_actions_adddup2(&actions, terminal, 1)
            posix_spawn_file_actions_adddup2(&actions, errorWrite >= 0 ? errorWrite : terminal, 2)
            return
        }
        if inputRead >= 0 {
            posix_spawn_file_actions_adddup2(&actions, inputRead, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, outputWrite, 1)
        posix_spawn_file_actions_adddup2(&actions, errorWrite, 2)
    }

    /// After the start: the child has its copies; the parent's would keep the pipes open.
    mutating func closeChildEnds() {
        Descriptors.close(&inputRead)
        Descriptors.close(&outputWrite)
        Descriptors.close(&errorWrite)
    }

    /// Closes every pipe end (the child could not be started). The terminal belongs to the caller.
    mutating func closeAll() {
        closeChildEnds()
        Descriptors.close(&inputWrite)
        Descriptors.close(&outputRead)
        Descriptors.close(&errorRead)
    }
}
