/// Work on many items with at most a given number in flight: a large cluster is not read all at once, and a slow item
/// does not hold back the others (a new one starts as soon as any finishes).
enum BoundedConcurrency {
    /// Runs `body` for each item, at most `limit` at a time; results in the items' order.
    static func map<Item: Sendable, Output: Sendable>(_ items: [Item], limit: Int, _ body: @escaping @Sendable (Item) async -> Output) async
        -> [Output] {
        await withTaskGroup(of: (Int, Output).self) { group in
            var results: [Output?] = Array(repeating: nil, count: items.count)
            var next = 0
            for _ in 0..<min(max(limit, 1), items.count) {
                let index = next
                group.addTask { (index, await body(items[index])) }
                next += 1
            }
            for await (index, output) in group {
                results[index] = output
                if next < items.count {
                    let index = next
                    group.addTask { (index, await body(items[index])) }
                    next += 1
                }
            }
            return results.map { $0! }
        }
    }
}
