/// What `lxc-build --version` prints; the one place the package version is written.
///
/// `make deb` and `make install` build through `scripts/release-build.sh`, which writes the commit being built
/// into ``commit`` for that build and puts this file back afterwards. A plain `swift build` keeps `unknown`.
enum BuildVersion {
    /// The package version: the Debian package's upstream version is read from this line.
    static let number = "0.1.0"
    /// The commit the binary was built from (`-dirty` when the tree had uncommitted changes), or `unknown`.
    static let commit = "unknown"
    /// The `--version` line, e.g. `0.1.0 (commit 43e4a83d6f1e)`.
    static let line = "\(number) (commit \(commit))"
}
