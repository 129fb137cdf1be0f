import Foundation
import LXCBuildTestSupport
import Testing
@testable import ChildProcess

@Suite("Output past the limit: stopped, or the middle left out")
struct OutputOverflowTests {
    /// What `.dropMiddle` must keep of `bytes` under `limit`: all of them, or the first half of the limit, the
    /// newest rest of it, and the count between.
    static func expected(_ bytes: [UInt8], limit: Int) -> (bytes: [UInt8], omission: ChildOutcome.Omission?) {
        guard bytes.count > limit else { return (bytes, nil) }
        let headSize = limit / 2
        let tailSize = limit - headSize
        return (Array(bytes.prefix(headSize) + bytes.suffix(tailSize)), ChildOutcome.Omission(offset: headSize, count: bytes.count - limit))
    }

    /// A random limit and random bytes, fed to a stream in random pieces as reads would bring them.
    static func feedRandomly(
        _ overflow: ChildCommand.OutputOverflow, using generator: inout SeededGenerator
    ) -> (limit: Int, bytes: [UInt8], stream: CapturedStream) {
        let limit = Int.random(in: 0...64, using: &generator)
        let bytes = (0..<Int.random(in: 0...300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        var stream = CapturedStream(limit: limit, overflow: overflow)
        var index = 0
        while index < bytes.count {
            let piece = Int.random(in: 1...(bytes.count - index), using: &generator)
            stream.append(bytes[index..<(index + piece)])
            index += piece
        }
        return (limit, bytes, stream)
    }

    @Test("Fuzz: however the output arrives in pieces, the first and the last half of the limit are kept, the count between exact")
    func fuzzDropMiddle() {
        var generator = FuzzSettings.generator(0x0D70_11DD)
        for _ in 0..<FuzzSettings.rounds(3000) {
            let (limit, bytes, stream) = Self.feedRandomly(.dropMiddle, using: &generator)
            let (kept, omission) = stream.finished()
            let want = Self.expected(bytes, limit: limit)
            #expect(kept == want.bytes && omission == want.omission, "limit \(limit), \(bytes.count) bytes")
            #expect(stream.isOverLimit == (bytes.count > limit))
        }
    }

    @Test("Fuzz: with .stop, the first bytes up to the limit are kept and the rest is counted")
    func fuzzStop() {
        var generator = FuzzSettings.generator(0x5709)
        for _ in 0..<FuzzSettings.rounds(3000) {
            let (limit, bytes, stream) = Self.feedRandomly(.stop, using: &generator)
            let (kept, omission) = stream.finished()
            #expect(kept == Array(bytes.prefix(limit)))
            #expect(omission == (bytes.count > limit ? ChildOutcome.Omission(offset: limit, count: bytes.count - limit) : nil))
            #expect(stream.isOverLimit == (bytes.count > limit))
        }
    }

    @Test("A child whose output passes the limit with .dropMiddle runs to its end: its exit status, its first and last lines")
    func childRunsOn() async throws {
        // 4 MiB of numbered lines on stdout, and on stderr; the limit keeps 64 KiB of each.
        let script = "seq 1 600000; seq 1 600000 >&2; echo last; exit 7"
        let outcome = try await ChildProcess.run(
            ChildCommand("/bin/sh", ["-c", script], deadline: .seconds(300), outputLimit: 65536, overflow: .dropMiddle))
        #expect(outcome.stop == nil)
        #expect(outcome.termination == .exited(7))
        let output = String(decoding: outcome.standardOutput, as: UTF8.self)
        #expect(outcome.standardOutput.count == 65536)
        #expect(output.hasPrefix("1\n2\n3\n") && output.hasSuffix("599999\n600000\nlast\n"))
        let fullSize = (1...600000).reduce(0) { $0 + String($1).utf8.count + 1 } + "last\n".utf8.count
        #expect(outcome.omittedOutput == ChildOutcome.Omission(offset: 32768, count: fullSize - 65536))
        #expect(outcome.omittedErrors?.offset == 32768)
        #expect(String(decoding: outcome.standardError, as: UTF8.self).hasSuffix("600000\n"))
    }

    @Test("Nothing is left out below the limit, whatever the overflow")
    func belowLimit() async throws {
        let outcome = try await ChildProcess.run(
            ChildCommand("/bin/sh", ["-c", "printf 0123456789"], deadline: .seconds(300), outputLimit: 10, overflow: .dropMiddle))
        #expect(outcome.standardOutput == Data("0123456789".utf8) && outcome.omittedOutput == nil && outcome.stop == nil)
    }
}
