import ArgumentParser
import ContainerKit

extension ApplyCommand {
    /// `--adopt NAME=ID`, each parsed by ``StackAdoption/init(parsing:setting:)``.
    func adoptions() throws -> [StackAdoption] {
        var parsed: [StackAdoption] = []
        try OptionChecks.check { () throws(BuildError) in parsed = try adopt.map { pair throws(BuildError) in try StackAdoption(parsing: pair) } }
        return parsed
    }
}
