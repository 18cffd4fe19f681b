// swift-tools-version:6.1
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(name: "CRaptor2", pkgConfig: "raptor2", providers: [.apt(["libraptor2-dev"])]),
        .systemLibrary(name: "CSerd", pkgConfig: "serd-0", providers: [.apt(["libserd-dev"])]),
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
        .executableTarget(
            name: "panet",
            dependencies: [
                "RDFModel", "RDFStore", "RDFParsing", "OntologyKit",
                "CuratorKit",
                "SPARQLSyntax", "SPARQLEvaluation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .target(name: "TestSupport", dependencies: ["RDFModel", "RDFStore", "RDFParsing"], path: "Tests/TestSupport"),
        .testTarget(name: "RDFModelTests", dependencies: ["RDFModel", "TestSupport"]),
        .testTarget(name: "RDFStoreTests", dependencies: ["RDFModel", "RDFStore", "TestSupport"]),
        .testTarget(name: "RDFParsingTests", dependencies: ["RDFModel", "RDFStore", "RDFParsing", "TestSupport"]),
        .testTarget(name: "OntologyKitTests", dependencies: ["OntologyKit", "RDFParsing", "TestSupport"]),
        .testTarget(name: "panetTests", dependencies: ["TestSupport"]),
        .testTarget(name: "CuratorKitTests", dependencies: ["CuratorKit", "OntologyKit", "RDFParsing", "RDFStore", "RDFModel", "TestSupport"]),
        .testTarget(name: "SPARQLSyntaxTests", dependencies: ["SPARQLSyntax", "RDFModel", "TestSupport"]),
        .testTarget(
            name: "SPARQLEvaluationTests",
            dependencies: ["SPARQLEvaluation", "SPARQLSyntax", "RDFModel", "RDFStore", "RDFParsing", "TestSupport"]
        ),
    ]
)
