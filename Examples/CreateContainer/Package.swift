// swift-tools-version:6.1
import PackageDescription

/// A small program that creates a container through ContainerKit alone (no CLI code), as another Swift tool would.
let package = Package(
    name: "CreateContainer",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "lxc-build", path: "../.."),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        .executableTarget(
            name: "create-container",
            dependencies: [
                .product(name: "ContainerKit", package: "lxc-build"),
                .product(name: "ProxmoxAPI", package: "lxc-build"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The same through a stack: several containers from one YAML file in one session (Docs/stacks.md).
        .executableTarget(
            name: "apply-stack",
            dependencies: [
                .product(name: "ContainerKit", package: "lxc-build"),
                .product(name: "ProxmoxAPI", package: "lxc-build"),
            ]
        ),
        // One container's app updated, as `lxc-build update CTID` does (Docs/lifecycle.md).
        .executableTarget(
            name: "update-container",
            dependencies: [.product(name: "ContainerKit", package: "lxc-build")]
        ),
    ]
)
