import ArgumentParser
import ContainerKit

/// ContainerKit's checks of values that go into URL paths, run when the command line is parsed: a bad value is refused
/// before any request, with the option and the value named, as the argument parser's usage error (64).
enum OptionChecks {
    /// Runs ContainerKit's check `body`, its ``BuildError`` turned into the argument parser's usage error.
    static func check(_ body: () throws(BuildError) -> Void) throws {
        do throws(BuildError) {
            try body()
        } catch {
            throw ValidationError(error.message)
        }
    }

    /// A node name as PVE allows it (a host name label); `auto` too where the command chooses
    /// (``NodeRequest/validate(allowAuto:)``), for the flag alone.
    static func node(_ node: String?, allowAuto: Bool = false) throws {
        try check { () throws(BuildError) in try NodeRequest(flag: node, environment: [:]).validate(allowAuto: allowAuto) }
    }

    /// A container id: 100 to 999999999 (``ContainerID/validate(_:setting:)``).
    static func ctid(_ ctid: Int) throws {
        try check { () throws(BuildError) in try ContainerID.validate(ctid) }
    }

    /// A template OS name (`debian`, `ubuntu`, `alpine`, ...; ``TemplateName/validateOS(_:setting:)``).
    static func os(_ os: String?) throws {
        try check { () throws(BuildError) in try TemplateName.validateOS(os) }
    }

    /// A value as an error message shows it: quoted, control characters escaped.
    static func shown(_ value: String) -> String {
        BuildError.quoted(value)
    }
}
