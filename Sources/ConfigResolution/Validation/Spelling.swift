/// Near-miss suggestions for names typed by hand ("did you mean var_cpu?"): the candidate with the smallest edit
/// distance, when that distance is small for the name's length.
public enum Spelling {
    /// The candidate closest to `typed` (case-insensitive Levenshtein distance), or `nil` when none is close
    /// enough: at most 1 edit for names up to 4 characters, 2 up to 8, 3 beyond. Exact matches are not suggested.
    public static func nearest(to typed: String, among candidates: [String]) -> String? {
        let lowered = typed.lowercased()
        let limit = lowered.count <= 4 ? 1 : lowered.count <= 8 ? 2 : 3
        let ranked = candidates.map { (candidate: $0, distance: distance(lowered, $0.lowercased())) }
            .filter { $0.distance > 0 && $0.distance <= limit }
        return ranked.min { $0.distance < $1.distance || ($0.distance == $1.distance && $0.candidate < $1.candidate) }?.candidate
    }

    /// ` (did you mean NAME?)` for the nearest candidate, or an empty string.
    public static func hint(for typed: String, among candidates: [String]) -> String {
        nearest(to: typed, among: candidates).map { "; did you mean \($0)?" } ?? ""
    }

    /// The Levenshtein distance between two strings, by characters.
    public static func distance(_ first: String, _ second: String) -> Int {
        let a = Array(first)
        let b = Array(second)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
