import ContainerKit
import Foundation

/// Updates one container's app through ContainerKit alone, as `lxc-build update CTID` does: ``ContainerUpdate``
/// plans with reads only (the container, the app named by its notes, the catalog's script, a storage that can
/// snapshot, the OS inside), then runs the plan: a snapshot, the app's `update_script` inside through the node
/// shell, the version recorded in the notes, the snapshot removed. The options are set up from the environment as
/// the command sets them up (``ContainerUpdate/Options/prepared(environment:catalog:checkOnly:announce:fetchedFolder:)``:
/// `var_ignore_os_mismatch`, the log folder of a failed update, its secrets masked, a stopped container started).
/// The ``UpdateReport`` printed last is what `lxc-build update --json` prints.
///
/// Usage: `update-container CTID CATALOG`, with the connection in `PROXMOX_VE_*` as for lxc-build. The node shell
/// is this machine; `.plainLXC` reaches containers that plain LXC runs (`/var/lib/lxc`), as on the test machine
/// (on a Proxmox VE node, `LocalNodeShell()` finds `/etc/pve/lxc` itself).
@main
struct UpdateContainer {
    static func main() async {
        let arguments = CommandLine.arguments
        guard arguments.count == 3, let ctid = Int(arguments[1]) else {
            print("usage: update-container CTID CATALOG")
            exit(64)
        }
        do {
            let environment = ProcessInfo.processInfo.environment
            let client = try ConnectionSettings(environment: environment).makeClient()
            let options = try ContainerUpdate.Options().prepared(environment: environment, catalog: arguments[2])
            let update = ContainerUpdate(client: client, shell: LocalNodeShell(configLayout: .plainLXC), options: options) { line in
                print("progress: \(line)")
            }
            let plan = try await update.plan(ctid: ctid)
            for step in plan.steps { print("plan: \(step)") }
            let result = try await update.run(plan)
            print("updated: CT \(ctid) \(plan.app) to \(result.version ?? "an unrecorded version")")
            print("report: " + (try ReportEncoder.text(UpdateReport(result: result), pretty: false)))
        } catch let error as BuildError {
            print("error (exit \(error.exitCode), \(error.explanation)): \(error)")
            exit(error.exitCode.rawValue)
        } catch {
            print("error: \(error)")
            exit(1)
        }
    }
}
