// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Circles",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "circles", targets: ["circles"]),
        // What the Hummingbird peer of Benchmarks/compare links to run the same search and write the same JSON.
        .library(name: "Store", targets: ["Store"]),
        .library(name: "Schedules", targets: ["Schedules"]),
        .library(name: "GroupViews", targets: ["GroupViews"]),
        .library(name: "Places", targets: ["Places"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CZlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(name: "CPosix"),
        // libcurl for https webhooks, loaded when the first is sent rather than linked.
        .target(name: "CLazyCurl", linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "CSearchRank", linkerSettings: [.linkedLibrary("sqlite3")]),
        .target(
            name: "HTTPServer",
            dependencies: ["CZlib", "CPosix"]
        ),
        .target(name: "Schedules"),
        // Every US ZIP code and town, shipped as data (scripts/build-places): "Where?" without a geocoder.
        .target(name: "Places", resources: [.copy("Data")]),
        // SMTP and MIME on our own sockets; knows nothing of Circles.
        .target(name: "Mail"),
        .target(
            name: "Store",
            dependencies: ["CSearchRank", .product(name: "GRDB", package: "GRDB.swift")],
            // What a search word also means (duelo → grief): data, read by SearchWords.
            resources: [.copy("Directory/SearchSynonyms.tsv")]
        ),
        .target(name: "GroupViews", dependencies: ["HTTPServer", "Schedules", "Store"]),
        .target(
            name: "Circles",
            dependencies: [
                "CLazyCurl", "CPosix", "GroupViews", "HTTPServer", "Mail", "Places", "Schedules", "Store",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "CirclesCommands",
            dependencies: [
                "Circles",
                "HTTPServer",
                "Store",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "circles", dependencies: ["CirclesCommands", "HTTPServer"]),
        .target(
            name: "TestSupport",
            dependencies: ["HTTPServer"],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "TestSupport"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "SchedulesTests", dependencies: ["Schedules"]),
        .testTarget(name: "PlacesTests", dependencies: ["Places"]),
        .testTarget(name: "MailTests", dependencies: ["Mail", "TestSupport"]),
        .testTarget(
            name: "CirclesTests",
            dependencies: ["CLazyCurl", "Circles", "CirclesCommands", "Mail", "Store", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "Logging", package: "swift-log")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
