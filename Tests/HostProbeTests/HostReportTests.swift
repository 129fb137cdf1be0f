import Foundation
import HostProbe
import Testing

@Suite("Host report")
struct HostReportTests {
    @Test("The JSON has the keys the probe command promises, with null for unknown values")
    func jsonKeys() async throws {
        let (context, _) = try FixtureHost.nvidiaNoDriver.context()
        let report = await HostProber(context: context).report()
        let data = try JSONEncoder().encode(report)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys).isSuperset(of: ["gpus", "devices", "host", "checks"]))
        let gpu = try #require((object["gpus"] as? [[String: Any]])?.first)
        #expect(Set(gpu.keys).isSuperset(of: ["vendor", "pci", "model", "render", "card", "byPath", "extra", "problem"]))
        #expect(gpu["render"] is NSNull)
        #expect(gpu["vendor"] as? String == "nvidia")
        let devices = try #require(object["devices"] as? [String: Any])
        #expect(Set(devices.keys) == ["tun", "usbSerial", "coral"])
        let host = try #require(object["host"] as? [String: Any])
        #expect(Set(host.keys).isSuperset(of: ["arch", "pveVersion", "pveSupported", "root", "timezone", "bridges", "keys"]))
        let check = try #require((object["checks"] as? [[String: Any]])?.first)
        #expect(Set(check.keys).isSuperset(of: ["name", "ok", "exitCode", "message"]))
        #expect(check["exitCode"] is NSNull)
        #expect(try JSONDecoder().decode(HostReport.self, from: data) == report)
    }

    @Test("A combined plan for the mixed host: the chosen GPU's nodes plus TUN, nothing missing")
    func combinedPlan() async throws {
        let (context, _) = try FixtureHost.intelNVIDIA.context()
        let report = await HostProber(context: context).report()
        guard case .selected(let intel) = report.selectGPU(vendor: .intel) else {
            Issue.record("the Intel card should be selectable")
            return
        }
        let plan = report.passthroughPlan(gpu: intel, tun: true, usbSerial: true, coral: true)
        #expect(plan.devEntries() == [
            "dev0: /dev/dri/renderD129,gid=104", "dev1: /dev/dri/card1,gid=44", "dev2: /dev/net/tun",
        ])
        #expect(plan.rawLines.count == 2)
        #expect(plan.notes.contains("no USB serial adapters found"))
        #expect(plan.notes.contains("no Coral TPU (/dev/apex_*) found"))
    }

    @Test("Candidates list a plan per GPU and per device the host has, and nothing for what it lacks")
    func candidates() async throws {
        let (context, _) = try FixtureHost.intelNVIDIA.context()
        let candidates = await HostProber(context: context).report().candidates
        #expect(candidates.gpus.keys.sorted() == ["0000:00:02.0", "0000:01:00.0"])
        #expect(candidates.gpus["0000:00:02.0"]?.devEntries() == ["dev0: /dev/dri/renderD129,gid=104", "dev1: /dev/dri/card1,gid=44"])
        #expect(candidates.gpus["0000:01:00.0"]?.devices.count == nvidiaNodes.count)
        #expect(candidates.tun?.rawLines.first == "lxc.cgroup2.devices.allow: c 10:200 rwm")
        #expect(candidates.usbSerial == nil)
        #expect(candidates.coral == nil)
    }

    @Test("A host without a GPU gives no GPU and no GPU lines")
    func noGPU() async throws {
        let (context, _) = try FixtureHost.noGPU.context()
        let report = await HostProber(context: context).report()
        #expect(report.gpus.isEmpty)
        #expect(report.selectGPU() == .none(reason: "no GPU found"))
        #expect(report.passthroughPlan(gpu: nil).isEmpty)
        #expect(report.unknowns.isEmpty)
    }

    @Test("The rooted context reads a tree and its recordings without running anything here")
    func rootedContext() async throws {
        let context = try ProbeContext.rooted(at: FixtureHost.renumbered.root)
        let report = await HostProber(context: context).report()
        #expect(report.gpus.map(\.render) == ["/dev/dri/renderD129"])
        #expect(report.host.pveVersion == "8.4.1")
        #expect(report.exitCode == nil)
    }

    @Test("The production probe of this machine finishes and reports, whatever the machine is")
    func liveProbe() async {
        let report = await HostProber(context: ProbeContext(commandTimeout: .seconds(5))).report()
        #expect(report.checks.count == HostCheck.Name.allCases.count)
        #expect(report.host.keyLimits != nil || report.checks.contains { $0.exitCode == 107 })
    }
}
