extension StackRunner {
    /// How many containers a stack may create at the same time (`apply --concurrency`).
    public static let concurrencyLimits: ClosedRange<Int> = 1...32

    /// Refuses a concurrency outside ``concurrencyLimits`` before anything is read (``init(client:concurrency:placementSeed:events:sleep:dependencyHealthWait:operationLock:)``
    /// itself brings a value outside into the limits).
    /// - Parameters:
    ///   - concurrency: The value given.
    ///   - setting: Where it came from, for the message.
    /// - Throws: ``BuildError`` (64) naming the setting, the value and what is accepted.
    public static func checkConcurrency(_ concurrency: Int, setting: String = "--concurrency") throws(BuildError) {
        try concurrencyLimits.check(concurrency, setting: setting, unit: "containers at a time")
    }
}
