import Testing
@testable import ContainerKit

/// The update's typed steps: what the plan prints is each action's description, the words the plan printed before.
@Suite("UpdateAction: the update's steps as values")
struct UpdateActionTests {
    @Test("each action's words, as the plan prints them")
    func descriptions() {
        let resources = UpdateResources(cores: 1, raisedCores: 2, memory: 256, raisedMemory: 512)
        let cases: [(UpdateAction, String)] = [
            (.raiseResources(app: "demo", resources: resources),
             "raise \(resources.described) for the update (var_cpu/var_ram of ct/demo.sh); restored afterwards, success or failure"),
            (.startStopped(ctid: 150, target: .app),
             "start container 150 (it is stopped) and check its OS as build.func's update does (238 refuses); it is stopped again afterwards, success or failure"),
            (.startStopped(ctid: 150, target: .os), "start container 150 (it is stopped) and read its OS; it is stopped again afterwards, success or failure"),
            (.backUp(ctid: 150, storage: "local"), "back up container 150 to storage local first (vzdump, mode snapshot)"),
            (.snapshot(ctid: 150, name: "s1", volumes: "rootfs on local-lvm (lvmthin)"), "take snapshot s1 of container 150 (rootfs on local-lvm (lvmthin))"),
            (.updateOS(ctid: 150, shell: "local", manager: nil, os: nil),
             "update the OS packages inside container 150 through local, unattended, with the first package manager found (apt-get, apk, dnf, yum, pacman, zypper)"),
            (.checkHealth(within: "2 min", summary: "running", rollbackTo: nil),
             "afterwards, within 2 min, check health: running; if unhealthy: exit 86, nothing to roll back to"),
            (.settleSnapshot(name: "s1", keep: true), "keep s1 afterwards (--keep-snapshot)"),
            (.settleSnapshot(name: "s1", keep: false), "remove s1 afterwards"),
            (.stopAgain(ctid: 150), "stop container 150 again (it was stopped before the update)"),
            (.restoreResources(ctid: 150, resources: resources), "restore the resources raised for the update (\(resources.described))"),
        ]
        for (action, words) in cases { #expect(action.description == words) }
    }

    @Test("steps are the actions' words; actions(kind) picks a kind; only the rollback and the restore wait for a failure")
    func planSteps() {
        let actions: [UpdateAction] = [.snapshot(ctid: 150, name: "s1", volumes: "rootfs"), .updateApp(app: "demo", ctid: 150, shell: "local"),
                                       .skipHealthCheck, .rollBackOnFailure(snapshot: "s1"), .settleSnapshot(name: "s1", keep: false), .recordVersion(app: "demo")]
        let plan = UpdatePlan(ctid: 150, node: "pve1", app: "demo", appSource: "--app", appName: "Demo", actions: actions, script: "", functions: "", notes: "")
        #expect(plan.steps == plan.actions.map(\.description) && plan.steps.count == 6)
        #expect(plan.actions(.update) == [.updateApp(app: "demo", ctid: 150, shell: "local")] && plan.actions(.backUp).isEmpty)
        #expect(plan.actions.filter(\.isOnFailure) == [.rollBackOnFailure(snapshot: "s1")])
        #expect(UpdateAction.restoreBackupOnFailure(ctid: 150).isOnFailure && !UpdateAction.stopAgain(ctid: 150).isOnFailure)
    }

    @Test("a failed run put the container back: 82, or the guard codes 113/114 after a rollback or after a backup restore; never without one")
    func putBack() {
        func plan(_ actions: [UpdateAction]) -> UpdatePlan {
            UpdatePlan(ctid: 150, node: "pve1", app: "demo", appSource: "--app", appName: "Demo", actions: actions, script: "", functions: "", notes: "")
        }
        let update = UpdateAction.updateApp(app: "demo", ctid: 150, shell: "local")
        let snapshot = plan([.snapshot(ctid: 150, name: "s1", volumes: "rootfs"), update, .rollBackOnFailure(snapshot: "s1")])
        let backup = plan([.backUp(ctid: 150, storage: "local"), update, .restoreBackupOnFailure(ctid: 150)])
        let bare = plan([update])
        func failure(_ code: BuildExitCode) -> BuildError { BuildError(exitCode: code, message: "failed") }
        for code in [BuildExitCode.underProvisioned, .storageTooLow] {
            #expect(snapshot.putBack(after: failure(code)) && backup.putBack(after: failure(code)) && !bare.putBack(after: failure(code)))
        }
        #expect(snapshot.putBack(after: failure(.updateRolledBack)) && backup.putBack(after: failure(.updateRolledBack)))
        #expect(!snapshot.putBack(after: failure(.updateRollbackFailed)) && !backup.putBack(after: failure(.general)))
    }
}
