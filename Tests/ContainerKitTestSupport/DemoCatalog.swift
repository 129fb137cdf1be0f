import Foundation

/// A catalog folder in community-scripts' layout with one app, `demo`, whose install script follows the
/// usual skeleton: source FUNCTIONS_FILE_PATH, catch_errors, then work; `body` is the work.
public func makeCatalog(body: String) throws -> String {
    let directory = NSTemporaryDirectory() + "lxcbuild-catalog-\(UUID().uuidString.prefix(8))"
    for folder in ["ct", "install", "misc"] {
        try FileManager.default.createDirectory(atPath: "\(directory)/\(folder)", withIntermediateDirectories: true)
    }
    try #"APP="Demo"\nvar_os="${var_os:-debian}"\n"#.write(toFile: "\(directory)/ct/demo.sh", atomically: true, encoding: .utf8)
    let functions = #"""
        # test install.func: the parts of community-scripts' install.func the demo script uses
        msg_ok() { echo "OK: $1"; }
        catch_errors() {
          set -Ee -o pipefail
          trap 'code=$?; echo "$code" > "/root/.install-${SESSION_ID}.failed"; cp /tmp/demo.log "$INSTALL_LOG" 2>/dev/null; exit "$code"' ERR
        }
        """#
    try functions.write(toFile: "\(directory)/misc/install.func", atomically: true, encoding: .utf8)
    let script = """
        #!/usr/bin/env bash
        source /dev/stdin <<<"$FUNCTIONS_FILE_PATH"
        catch_errors
        \(body)
        """
    try script.write(toFile: "\(directory)/install/demo-install.sh", atomically: true, encoding: .utf8)
    return directory
}
