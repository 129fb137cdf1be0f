import Foundation

/// A catalog folder written for the update tests (never copied from community-scripts): `ct/demo.sh` in the
/// catalog's shape with an `update_script`, and a `misc/build.func` with the update path of build.func that the
/// script uses. The update fails with 250 when `/opt/demo/fail` exists inside the container, and records version
/// 2.0.0 in `/root/.demo` (tools.func's version cache) when it succeeds; with `/opt/demo/slow` it first writes
/// `/opt/demo/started` and sleeps; it writes the `https_proxy` it sees to `/opt/demo/proxy`. `cpu` is the script's
/// `var_cpu`, which build.func's resource guard checks. `functionsPadding` bytes of a variable in the middle of
/// build.func make it large; the update writes the variable's length and what build.func's last function prints
/// (`end`) to `/opt/demo/functions`, so a test sees whether the script got the whole file. `appURL` (as the catalog
/// writes it: `http://${IP}:8080`) is printed at the script's end, where the catalog's scripts name the app's URL.
public func makeUpdateCatalog(os: String = "debian", version: String = "13", cpu: String = "1", functionsPadding: Int = 0,
                              appURL: String? = nil) throws -> String {
    let directory = NSTemporaryDirectory() + "lxcbuild-update-catalog-\(UUID().uuidString.prefix(8))"
    for folder in ["ct", "install", "misc"] {
        try FileManager.default.createDirectory(atPath: "\(directory)/\(folder)", withIntermediateDirectories: true)
    }
    let script = #"""
        #!/usr/bin/env bash
        source <(curl -fsSL https://raw.githubusercontent.com/community-scripts/ProxmoxVE/main/misc/build.func)
        # Demo app of lxc-build's update tests.
        APP="Demo"
        var_tags="${var_tags:-demo}"
        var_cpu="${var_cpu:-CPU}"
        var_ram="${var_ram:-512}"
        var_disk="${var_disk:-2}"
        var_os="${var_os:-OS}"
        var_version="${var_version:-VERSION}"
        var_unprivileged="${var_unprivileged:-1}"

        header_info "$APP"
        variables
        color
        catch_errors

        function update_script() {
          header_info
          check_container_storage
          check_container_resources
          if [[ ! -d /opt/demo ]]; then
            msg_error "No ${APP} Installation Found!"
            exit
          fi
          msg_info "Updating ${APP} (${NSAPP})"
          if [[ -f /opt/demo/slow ]]; then
            touch /opt/demo/started
            sleep 60
          fi
          if [[ -f /opt/demo/fail ]]; then
            echo "E: download of demo 2.0.0 failed" >&2
            exit 250
          fi
          echo "2.0.0" > "/root/.${NSAPP}"
          echo "updated" > /opt/demo/state
          echo "${https_proxy:-none}" > /opt/demo/proxy
          echo "${#build_func_padding} $(build_func_tail)" > /opt/demo/functions
          msg_ok "Updated ${APP}"
          exit
        }

        start
        build_container
        description
        msg_ok "Completed successfully!"
        APPURL
        """#.replacingOccurrences(of: "APPURL", with: appURL.map { #"echo -e "${TAB}${GATEWAY}${BGN}\#($0)${CL}""# } ?? "")
        .replacingOccurrences(of: "OS}", with: "\(os)}").replacingOccurrences(of: "VERSION}", with: "\(version)}")
        .replacingOccurrences(of: "CPU}", with: "\(cpu)}")
    try script.write(toFile: "\(directory)/ct/demo.sh", atomically: true, encoding: .utf8)
    let functions = #"""
        # test build.func: the parts of community-scripts' build.func the demo script's update path uses
        header_info() { :; }
        variables() { NSAPP=$(echo "${APP,,}" | tr -d ' '); }
        color() { :; }
        catch_errors() { set -Eeuo pipefail; trap 'exit $?' ERR; }
        msg_info() { echo "INFO: $1"; }
        msg_ok() { echo "OK: $1"; }
        msg_error() { echo "ERROR: $1" >&2; }
        check_container_storage() { :; }
        check_container_resources() {
          if [ "$(grep -c ^processor /proc/cpuinfo)" -lt "${var_cpu}" ]; then echo "under-provisioned" >&2; exit 113; fi
        }
        start() {
          if command -v pveversion >/dev/null 2>&1; then echo "the install path is not part of the test" >&2; exit 1; fi
          [ "${PHS_SILENT:-0}" = 1 ] || { echo "not unattended" >&2; exit 1; }
          update_script
        }
        build_container() { echo "build_container must not run in an update" >&2; exit 1; }
        description() { :; }
        build_func_padding='PADDING'
        build_func_tail() { echo end; }
        """#.replacingOccurrences(of: "PADDING", with: String(repeating: "x", count: functionsPadding))
    try functions.write(toFile: "\(directory)/misc/build.func", atomically: true, encoding: .utf8)
    try "#!/usr/bin/env bash\necho install\n".write(toFile: "\(directory)/install/demo-install.sh", atomically: true, encoding: .utf8)
    return directory
}
