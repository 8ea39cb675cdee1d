// swift-tools-version:6.1
// The Hummingbird 2 peer of `Benchmarks/compare`: built only by that script, never part of Circles.
import PackageDescription

let package = Package(
    name: "HummingbirdPeer",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
    ],
    targets: [
        // Circles' search SQL and records (links to its files) with a copy of its detail queries.
        .target(name: "Store", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        // The HTTP side, with links to Circles' views and recurrence engine.
        .executableTarget(
            name: "Peer",
            dependencies: [
                "Store",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
