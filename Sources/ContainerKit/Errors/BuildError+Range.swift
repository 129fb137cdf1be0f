extension ClosedRange where Bound == Int {
    /// Refuses a value outside the range: 64, `SETTING VALUE: accepted: LOW to HIGH UNIT`.
    func check(_ value: Int, setting: String, unit: String) throws(BuildError) {
        guard contains(value) else {
            throw BuildError(exitCode: .usage, message: "\(setting) \(value): accepted: \(lowerBound) to \(upperBound) \(unit)")
        }
    }
}
