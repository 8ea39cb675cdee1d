// swift-tools-version:6.1
// The Hummingbird 2 peer of `Benchmarks/compare`: built only by that script, never part of Circles.
import Foundation
import PackageDescription

/// Circles itself, four folders up. SwiftPM names a package found by path after its folder, which
/// differs between clones, so the product references below use that name.
let circlesPath = "../../../.."
let circles = URL(fileURLWithPath: Context.packageDirectory).appendingPathComponent(circlesPath).standardized.lastPathComponent

let package = Package(
    name: "HummingbirdPeer",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: circlesPath),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
    ],
    targets: [
        // Circles' own search SQL and records (Store) and its views of a group (GroupViews); the HTTP side is Hummingbird's.
        .executableTarget(
            name: "Peer",
            dependencies: [
                .product(name: "Store", package: circles),
                .product(name: "GroupViews", package: circles),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
