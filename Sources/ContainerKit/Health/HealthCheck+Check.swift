import Foundation
import ProxmoxAPI

extension HealthCheck {
    /// Records what "working" means for container `ctid` on `node` now: whether it runs, its init system and (with
    /// `recordServices`) the services active and already failed, and the URL to ask (``Options/url``, else the
    /// catalog script's last `http://${IP}:PORT` line of `app` in `catalogDirectory` at the container's address).
    /// Without `recordServices` (health on demand) no service is expected, and any failed one counts.
    /// - Throws: ``BuildError`` when the API cannot read the container.
    public func baseline(ctid: Int, node: String, app: String?, catalogDirectory: String?, recordServices: Bool) async throws(BuildError)
        -> HealthBaseline {
        let container = client.node(node).container(ctid)
        let config: ContainerConfig
        let status: ContainerStatus
        do throws(ProxmoxError) {
            config = try await container.config()
            status = try await container.status()
        } catch {
            throw BuildError.api(error, during: "reading container \(ctid) on \(node) for its health check")
        }
        let address = await address(config: config, running: status.isRunning, container: container)
        let (url, urlSource) = url(app: app, catalogDirectory: catalogDirectory, address: address)
        var baseline = HealthBaseline(ctid: ctid, node: node, running: status.isRunning, url: url, urlSource: urlSource)
        guard status.isRunning, recordServices, elsewhere(ctid: ctid, node: node) == nil,
              let listing = try? await services(ctid: ctid) else { return baseline }
        baseline.initSystem = listing.initSystem
        baseline.services = listing.states.filter { $0.value == .active }.keys.sorted()
        baseline.failedBefore = listing.states.filter { $0.value == .failed }.keys.sorted()
        return baseline
    }

    /// Checks `baseline` again and again, every ``Options/retryInterval``, until it is healthy or `waitUpTo` has
    /// passed (zero: once): the container runs, no service of the baseline is failed or inactive and none failed
    /// that had not, the URL answers below 500. A stopped run ends the waiting with what the last check found.
    public func check(_ baseline: HealthBaseline, waitUpTo: Duration = .zero) async -> HealthResult {
        let clock = ContinuousClock()
        let deadline = clock.now + waitUpTo
        while true {
            let result = await checkOnce(baseline)
            if result.healthy || clock.now >= deadline || Task.isCancelled { return result }
            progress("container \(baseline.ctid): \(result.summary); asking again")
            do { try await Task.sleep(for: options.retryInterval) } catch { return result }
        }
    }

    /// One check of each part.
    func checkOnce(_ baseline: HealthBaseline) async -> HealthResult {
        let container = client.node(baseline.node).container(baseline.ctid)
        let running: HealthItem
        do throws(ProxmoxError) {
            let status = try await container.status()
            running = status.isRunning
                ? HealthItem(kind: .running, state: .ok, reason: "running")
                : HealthItem(kind: .running, state: .failed, reason: "container \(baseline.ctid) is \(BuildError.quoted(status.status))")
        } catch {
            running = HealthItem(kind: .running, state: .unknown, reason: "its status could not be read (\(error.message))")
        }
        guard running.state != .failed else {
            let notChecked = "not checked: the container does not run"
            return HealthResult(baseline: baseline, items: [
                running, HealthItem(kind: .services, state: baseline.services.isEmpty ? .unknown : .failed, reason: "services " + notChecked),
                HealthItem(kind: .url, state: baseline.url == nil ? .unknown : .failed, reason: "URL " + notChecked),
            ], failedServices: baseline.services.map { "\($0) (not running)" })
        }
        let (services, failedServices) = await servicesItem(baseline)
        var url = HealthItem(kind: .url, state: .unknown, reason: "no URL: \(baseline.urlSource)")
        if let address = baseline.url {
            url = await probe(address)
            url.reason += askedFrom(node: baseline.node)
        }
        return HealthResult(baseline: baseline, items: [running, services, url], failedServices: failedServices)
    }

    /// The services part of a check of a running container, and the services that are not as they should be.
    private func servicesItem(_ baseline: HealthBaseline) async -> (HealthItem, [String]) {
        if let elsewhere = elsewhere(ctid: baseline.ctid, node: baseline.node) {
            return (HealthItem(kind: .services, state: .unknown, reason: elsewhere), [])
        }
        let listing: ServiceListing
        do throws(HealthProblem) {
            listing = try await services(ctid: baseline.ctid)
        } catch {
            return (HealthItem(kind: .services, state: baseline.services.isEmpty ? .unknown : .failed, reason: error.message), [])
        }
        let (failed, _) = Self.failures(baseline, listing)
        if !failed.isEmpty {
            return (HealthItem(kind: .services, state: .failed, reason: "service\(failed.count == 1 ? "" : "s") not active: " + failed.joined(separator: ", ")), failed)
        }
        if listing.initSystem == nil {
            return (HealthItem(kind: .services, state: .unknown, reason: "no systemd or OpenRC inside"), [])
        }
        let count = baseline.services.count
        return (HealthItem(kind: .services, state: .ok, reason: count == 0 ? "no failed service" : "\(count) service\(count == 1 ? "" : "s") active"), [])
    }

    /// `health --restart`: when the container runs and its URL does not answer, reboots it once (PVE's reboot
    /// task) and checks again, waiting up to `waitUpTo`. Any other result is returned as it is.
    public func restartIfUnanswered(_ result: HealthResult, waitUpTo: Duration) async -> HealthResult {
        guard result.item(.running)?.state == .ok, result.item(.url)?.state == .failed else { return result }
        let baseline = result.baseline
        progress("restarting container \(baseline.ctid): \(result.item(.url)?.reason ?? "")")
        let container = client.node(baseline.node).container(baseline.ctid)
        do throws(ProxmoxError) {
            _ = try await client.waitForTask(try await container.reboot(), timeout: options.taskTimeout)
        } catch {
            var failed = result
            failed.restartFailure = "the restart failed (\(error.message))"
            return failed
        }
        var again = await check(baseline, waitUpTo: waitUpTo)
        again.restarted = true
        return again
    }
}
