import ArgumentParser
import ContainerKit
import Foundation
import ProxmoxAPI
import Synchronization

/// Values the shell completes from the cluster (`--node`, `--storage`), read with the connection settings of the
/// environment; nothing when the cluster cannot be read within a few seconds.
enum CompletionValues {
    /// `--node`: the cluster's node names.
    static let nodes = CompletionKind.custom { _, _, _ in
        fromCluster { client in try await client.nodes().map(\.node).sorted() }
    }

    /// `--storage`: the storages with container content on the node given with `--node` (else the default node).
    static let containerStorages = CompletionKind.custom { words, _, _ in storages(words, content: "rootdir") }

    /// `--template-storage`: the storages with template content.
    static let templateStorages = CompletionKind.custom { words, _, _ in storages(words, content: "vztmpl") }

    /// `backup --storage`, `destroy --backup-storage`: the storages with backup content.
    static let backupStorages = CompletionKind.custom { words, _, _ in storages(words, content: "backup") }

    private static func storages(_ words: [String], content: String) -> [String] {
        let given = words.firstIndex(of: "--node").flatMap { words.indices.contains($0 + 1) ? words[$0 + 1] : nil }
        return fromCluster { client in
            // `auto` chooses for a create only: completion lists the default node's storages then.
            let node = try await NodeSelection.resolve(NodeRequest(flag: given, environment: [:]), client: client).name
            return try await client.node(node).storages().filter { $0.content.contains(content) }.map(\.storage).sorted()
        }
    }

    /// Runs `read` against the cluster and waits up to 5 seconds for it.
    private static func fromCluster(_ read: @escaping @Sendable (ProxmoxClient) async throws -> [String]) -> [String] {
        let settings = ConnectionSettings(environment: ProcessInfo.processInfo.environment)
        guard let client = try? settings.makeClient() else { return [] }
        let values = Mutex([String]())
        let done = DispatchSemaphore(value: 0)
        let task = Task.detached {
            values.set((try? await read(client)) ?? [])
            done.signal()
        }
        if done.wait(timeout: .now() + 5) == .timedOut { task.cancel() }
        return values.get()
    }
}
