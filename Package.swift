// swift-tools-version:6.1
import PackageDescription

/// Settings every Swift target shares: Swift 6 language mode is the tools-version default;
/// these add the upcoming-feature checks the project holds itself to.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "lxc-build",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "ProxmoxAPI", targets: ["ProxmoxAPI"]),
        .library(name: "ConfigResolution", targets: ["ConfigResolution"]),
        .library(name: "HostProbe", targets: ["HostProbe"]),
        .library(name: "ContainerKit", targets: ["ContainerKit"]),
        .executable(name: "lxc-build", targets: ["lxc-build"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // HMAC-SHA256 for the stack markers' proofs (Docs/stacks.md).
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // Headers only: libcurl (and its OpenSSL) are opened with dlopen on the first request (see shim.h), so
        // nothing links them and a command that sends no request does not pay for loading them.
        .systemLibrary(
            name: "CCurl",
            providers: [.apt(["libcurl4-openssl-dev", "libssl-dev"])]
        ),
        .systemLibrary(
            name: "CJansson",
            pkgConfig: "jansson",
            providers: [.apt(["libjansson-dev"])]
        ),
        .target(
            name: "ProxmoxAPI",
            dependencies: [
                "CCurl",
                "CJansson",
                "ChildProcess",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(name: "ChildProcess", swiftSettings: strictSettings),
        .target(name: "ConfigResolution", swiftSettings: strictSettings),
        .target(name: "HostProbe", dependencies: ["ChildProcess"], swiftSettings: strictSettings),
        .target(
            name: "ContainerKit",
            dependencies: [
                "ProxmoxAPI", "ConfigResolution", "HostProbe", "ChildProcess",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "lxc-build",
            dependencies: [
                "ContainerKit",
                "ConfigResolution",
                "ProxmoxAPI",
                "HostProbe",
                "ChildProcess",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "LXCBuildTestSupport",
            dependencies: ["ProxmoxAPI"],
            path: "Tests/LXCBuildTestSupport",
            swiftSettings: strictSettings
        ),
        .target(
            name: "ContainerKitTestSupport",
            dependencies: ["ContainerKit", "LXCBuildTestSupport", "ProxmoxAPI"],
            path: "Tests/ContainerKitTestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ProxmoxAPITests",
            dependencies: ["ProxmoxAPI", "LXCBuildTestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ChildProcessTests",
            dependencies: ["ChildProcess", "LXCBuildTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ConfigResolutionTests",
            dependencies: ["ConfigResolution"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HostProbeTests",
            dependencies: ["HostProbe", "LXCBuildTestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "LXCBuildCLITests",
            dependencies: ["lxc-build", "LXCBuildTestSupport", "ConfigResolution", "ContainerKit", "HostProbe", "ProxmoxAPI"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ContainerKitTests",
            dependencies: ["ContainerKit", "ContainerKitTestSupport", "LXCBuildTestSupport"],
            swiftSettings: strictSettings
        ),
    ]
)
