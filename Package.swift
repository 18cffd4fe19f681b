// swift-tools-version:6.1
import PackageDescription

#if canImport(Glibc)
import Glibc
#endif

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// Start-up time of the command: lld, and no exported symbols (the static stdlib's link options
/// export every one; nothing loads symbols from the executable). With glibc 2.36 or later (where
/// the binary is built is where it runs), lld also packs the ~140k relative relocations of a
/// position-independent executable into a few kilobytes (RELR); older glibc cannot load those.
let commandLinkerFlags: [String] = {
    var flags = ["-use-ld=lld", "-Xlinker", "--no-export-dynamic"]
    #if canImport(Glibc)
    // "glibc 2.36"
    var buffer = [CChar](repeating: 0, count: 64)
    _ = confstr(Int32(_CS_GNU_LIBC_VERSION), &buffer, buffer.count)
    let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    let version = text.split(separator: " ").last.map {
        $0.split(separator: ".").compactMap { Int($0) }
    } ?? []
    if version.count >= 2, (version[0], version[1]) >= (2, 36) {
        flags += ["-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"]
    }
    #endif
    return flags
}()

let package = Package(
    name: "panet",
    products: [
        .executable(name: "panet", targets: ["panet"]),
        .library(name: "RDFModel", targets: ["RDFModel"]),
        .library(name: "RDFStore", targets: ["RDFStore"]),
        .library(name: "RDFParsing", targets: ["RDFParsing"]),
        .library(name: "OntologyKit", targets: ["OntologyKit"]),
        .library(name: "CuratorKit", targets: ["CuratorKit"]),
        .library(name: "SPARQLSyntax", targets: ["SPARQLSyntax"]),
        .library(name: "SPARQLEvaluation", targets: ["SPARQLEvaluation"]),
        .library(name: "PaNETServer", targets: ["PaNETServer"]),
        .library(name: "OWLModel", targets: ["OWLModel"]),
        .library(name: "OWLParsing", targets: ["OWLParsing"]),
        .library(name: "MappingKit", targets: ["MappingKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // Headers only: libraptor2 itself is opened with dlopen when RDF/XML is first read or written.
        .systemLibrary(name: "CRaptor2", providers: [.apt(["libraptor2-dev"])]),
        .systemLibrary(name: "CSerd", pkgConfig: "serd-0", providers: [.apt(["libserd-dev"])]),
        .systemLibrary(name: "CMalloc"),
        .target(name: "RDFModel", swiftSettings: strictSettings),
        .target(name: "RDFStore", dependencies: ["RDFModel"], swiftSettings: strictSettings),
        .target(
            name: "RDFParsing",
            dependencies: ["RDFModel", "RDFStore", "CRaptor2", "CSerd"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "OntologyKit",
            dependencies: ["RDFModel", "RDFStore", "RDFParsing"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "CuratorKit",
            dependencies: ["OntologyKit", "RDFParsing", "RDFStore", "RDFModel"],
            swiftSettings: strictSettings
        ),
        .target(name: "SPARQLSyntax", dependencies: ["RDFModel"], swiftSettings: strictSettings),
        .target(
            name: "SPARQLEvaluation",
            dependencies: ["SPARQLSyntax", "RDFStore", "RDFModel"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "DatasetCatalog",
            dependencies: ["OntologyKit", "RDFModel", "RDFParsing", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "panet",
            dependencies: [
                "RDFModel", "RDFStore", "RDFParsing", "OntologyKit",
                "CuratorKit", "MappingKit",
                "DatasetCatalog",
                "SPARQLSyntax", "SPARQLEvaluation",
                "PaNETServer", "CMalloc",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings,
            linkerSettings: [.unsafeFlags(commandLinkerFlags)]
        ),
        .target(
            name: "PaNETServer",
            dependencies: [
                "OntologyKit", "DatasetCatalog", "SPARQLSyntax", "SPARQLEvaluation", "RDFModel", "RDFStore", "RDFParsing",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .target(name: "OWLModel", dependencies: ["RDFModel"], swiftSettings: strictSettings),
        .target(
            name: "MappingKit",
            dependencies: ["OntologyKit", "CuratorKit", "DatasetCatalog", "RDFModel", "RDFParsing"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "MappingKitTests",
            dependencies: ["MappingKit", "OntologyKit", "CuratorKit", "RDFModel", "RDFParsing", "RDFStore", "TestSupport"]
        ),
        .target(name: "OWLParsing", dependencies: ["OWLModel", "RDFModel"], swiftSettings: strictSettings),
        .target(name: "TestSupport", dependencies: ["RDFModel", "RDFStore", "RDFParsing"], path: "Tests/TestSupport"),
        .testTarget(name: "RDFModelTests", dependencies: ["RDFModel", "TestSupport"]),
        .testTarget(name: "RDFStoreTests", dependencies: ["RDFModel", "RDFStore", "TestSupport"]),
        .testTarget(name: "RDFParsingTests", dependencies: ["RDFModel", "RDFStore", "RDFParsing", "TestSupport"]),
        .testTarget(name: "OntologyKitTests", dependencies: ["OntologyKit", "RDFParsing", "TestSupport"]),
        .testTarget(name: "OWLModelTests", dependencies: ["OWLModel", "RDFModel", "RDFParsing", "RDFStore", "TestSupport"]),
        .testTarget(name: "OWLParsingTests", dependencies: ["OWLParsing", "OWLModel", "RDFModel", "RDFParsing", "RDFStore", "TestSupport"]),
        .testTarget(name: "panetTests", dependencies: ["TestSupport"]),
        .testTarget(
            name: "DatasetCatalogTests",
            dependencies: ["DatasetCatalog", "OntologyKit", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "CuratorKitTests",
            dependencies: ["CuratorKit", "OntologyKit", "RDFParsing", "RDFStore", "RDFModel", "TestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "SPARQLSyntaxTests", dependencies: ["SPARQLSyntax", "RDFModel", "TestSupport"]),
        .testTarget(
            name: "SPARQLEvaluationTests",
            dependencies: ["SPARQLEvaluation", "SPARQLSyntax", "RDFModel", "RDFStore", "RDFParsing", "TestSupport"],
            exclude: ["CONFORMANCE.md"]
        ),
        .testTarget(
            name: "PaNETServerTests",
            dependencies: [
                "PaNETServer", "OntologyKit", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Fixtures"]
        ),
    ]
)
