import Foundation
import Testing
@testable import ContainerKit

/// The small rules `list` and `explain-exit` check their arguments with, in ContainerKit.
@Suite("ContainerList.Filter.Status(parsing:), Filter.keepsAll and BuildExitCode(checking:)")
struct ListRulesTests {
    @Test("--status takes running or stopped exactly; anything else is 64 naming the option, the value and both statuses")
    func status() throws {
        #expect(try ContainerList.Filter.Status(parsing: "running") == .running)
        #expect(try ContainerList.Filter.Status(parsing: "stopped") == .stopped)
        for text in ["Running", "paused", ""] {
            #expect { try ContainerList.Filter.Status(parsing: text) } throws: { error in
                let error = error as? BuildError
                return error?.exitCode == .usage && error?.message == "--status '\(text)': not a status; accepted: running, stopped"
            }
        }
    }

    @Test("a filter keeps every container only when none of app, tag, stack and status is given")
    func keepsAll() {
        #expect(ContainerList.Filter().keepsAll)
        #expect(!ContainerList.Filter(tag: "web").keepsAll && !ContainerList.Filter(status: .running).keepsAll)
    }

    @Test("an exit code is 0 to 255; outside it, 64 with the range and where the table is")
    func exitCodes() throws {
        #expect(try BuildExitCode(checking: 0) == .success)
        #expect(try BuildExitCode(checking: 255).rawValue == 255)
        for value: Int32 in [-1, 256, 9999] {
            #expect { try BuildExitCode(checking: value) } throws: { error in
                let error = error as? BuildError
                return error?.exitCode == .usage && error?.message.hasPrefix("\(value) is not an exit code: a process exits with 0 to 255") == true
            }
        }
    }
}
