import ArgumentParser
import ContainerKit

/// Checks of values that go into URL paths, run when the command line is parsed: a bad value is refused
/// before any request, with the option and the value named.
enum OptionChecks {
    /// A node name as PVE allows it (a host name label); `auto` too where the command chooses.
    /// ContainerKit's rule (``NodeRequest/validate(allowAuto:)``), for the flag alone.
    static func node(_ node: String?, allowAuto: Bool = false) throws {
        do throws(BuildError) {
            try NodeRequest(flag: node, environment: [:]).validate(allowAuto: allowAuto)
        } catch {
            throw ValidationError(error.message)
        }
    }

    /// A container id: 100 or more.
    static func ctid(_ ctid: Int) throws {
        guard ctid >= 100 else { throw ValidationError("CTID \(ctid): container ids start at 100") }
    }

    /// A template OS name (`debian`, `ubuntu`, `alpine`, ...).
    static func os(_ os: String?) throws {
        guard let os else { return }
        guard os.wholeMatch(of: /[a-z][a-z0-9.\-]{0,31}/) != nil else {
            throw ValidationError("--os \(shown(os)): not an OS name (debian, ubuntu, alpine, ...)")
        }
    }

    /// A value as an error message shows it: quoted, control characters escaped.
    static func shown(_ value: String) -> String {
        BuildError.quoted(value)
    }
}
