/// What `explain-exit CODE --json` prints.
public struct ExplainExitReport: Codable, Sendable, Equatable {
    /// The exit code.
    public var code: BuildExitCode
    /// build.func's explanation of it.
    public var explanation: String
    /// Its category (``BuildExitCode/category(for:)``).
    public var category: String

    /// The report of `code`.
    public init(code: BuildExitCode) {
        self.code = code
        explanation = code.explanation
        category = code.category
    }
}

/// What `explain-exit --all --json` prints: every code lxc-build exits with and when (``BuildExitCode/documented``).
public struct ExitCodeTableReport: Codable, Sendable, Equatable {
    /// The table's rows.
    public var codes: [Row]

    /// The table of ``BuildExitCode/documented``.
    public init() {
        codes = BuildExitCode.documented.map(Row.init)
    }

    /// Codes that share a row: when lxc-build exits with them, each one's explanation and category.
    public struct Row: Codable, Sendable, Equatable {
        /// The codes.
        public var codes: [BuildExitCode]
        /// When lxc-build exits with them.
        public var when: String
        /// Each code's explanation, in the same order.
        public var explanations: [String]
        /// Each code's category, in the same order.
        public var categories: [String]

        /// The report of `row`.
        public init(_ row: BuildExitCode.DocumentedRow) {
            codes = row.codes
            when = row.when
            explanations = row.codes.map(\.explanation)
            categories = row.codes.map(\.category)
        }
    }
}
