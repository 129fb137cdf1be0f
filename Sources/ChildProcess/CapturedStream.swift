/// What is kept of one output stream of a child: everything up to the command's output limit, and past it either
/// nothing more (``ChildCommand/OutputOverflow/stop``: the loop then stops the child) or the first half of the limit
/// and the newest half, with the bytes between counted (``ChildCommand/OutputOverflow/dropMiddle``).
///
/// Memory stays bounded by the limit (the newest part may briefly hold twice its share before it is cut back).
struct CapturedStream {
    let limit: Int?
    let overflow: ChildCommand.OutputOverflow

    /// The first bytes; all of them while nothing was dropped.
    private var head: [UInt8] = []
    /// The newest bytes after the head, once the limit was passed in ``ChildCommand/OutputOverflow/dropMiddle``.
    private var tail: [UInt8] = []
    /// How many bytes were cut from the front of ``tail`` (all bytes past the limit, for a stopped child).
    private var dropped = 0
    /// Whether more than the limit arrived.
    private(set) var isOverLimit = false

    init(limit: Int?, overflow: ChildCommand.OutputOverflow) {
        self.limit = limit
        self.overflow = overflow
    }

    /// Keeps what the rules allow of `bytes`, the next bytes the child wrote.
    mutating func append(_ bytes: ArraySlice<UInt8>) {
        guard let limit else {
            head.append(contentsOf: bytes)
            return
        }
        if !isOverLimit {
            let room = max(0, limit - head.count)
            head.append(contentsOf: bytes.prefix(room))
            guard bytes.count > room else { return }
            isOverLimit = true
            let rest = bytes.dropFirst(room)
            switch overflow {
            case .stop:
                dropped = rest.count
                return
            case .dropMiddle:
                // The limit is passed for the first time: the second half of what was kept becomes the tail.
                let headSize = limit / 2
                tail = Array(head[headSize...])
                head.removeSubrange(headSize...)
                appendToTail(rest)
            }
        } else if overflow == .stop {
            dropped += bytes.count
        } else {
            appendToTail(bytes)
        }
    }

    /// Adds to the newest part and cuts it back to its share of the limit once it holds twice that.
    private mutating func appendToTail(_ bytes: ArraySlice<UInt8>) {
        let share = (limit ?? 0) - head.count
        tail.append(contentsOf: bytes)
        if tail.count > 2 * share || (share == 0 && !tail.isEmpty) {
            let excess = tail.count - share
            dropped += excess
            tail.removeFirst(excess)
        }
    }

    /// The bytes kept, in order, and where bytes were left out of them (`nil` when nothing was).
    func finished() -> (bytes: [UInt8], omission: ChildOutcome.Omission?) {
        let share = (limit ?? 0) - head.count
        let cut = max(0, tail.count - share)
        let total = dropped + cut
        guard total > 0 else { return (head, nil) }
        return (head + tail.dropFirst(cut), ChildOutcome.Omission(offset: head.count, count: total))
    }
}
