import Testing
@testable import ContainerKit

/// Expects each stack file text of `cases` to be refused by `parse` with 64 and a message containing its expected text.
func expectStackFileRefusals(_ cases: [(text: String, expected: String)], parse: (String) throws(BuildError) -> StackFile,
                             sourceLocation: SourceLocation = #_sourceLocation) {
    for (text, expected) in cases {
        do {
            _ = try parse(text)
            Issue.record("\(text) should be refused", sourceLocation: sourceLocation)
        } catch {
            #expect(error.exitCode == 64 && error.message.contains(expected), "\(error.message)", sourceLocation: sourceLocation)
        }
    }
}
