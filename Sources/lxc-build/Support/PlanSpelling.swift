/// The one spelling of "decide everything and change nothing": `plan`, as Terraform spells it (`lxc-build plan APP`,
/// `lxc-build apply FILE --plan`). `create --dry-run`, `create --plan` and `apply --dry-run` are aliases: they do
/// the same and say so on standard error, so scripts that use them keep working.
enum PlanSpelling {
    /// Prints the one-line note that `given` is an alias of `canonical`.
    static func note(given: String, canonical: String) {
        TerminalOutput.shared.line("note: `\(given)` is an alias of `\(canonical)`, the one spelling of a run that changes nothing",
                                   to: .errors)
    }
}
