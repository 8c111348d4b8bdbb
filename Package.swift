// swift-tools-version: 6.0
// Coffer — zero-knowledge sharing and key management. Layers, bottom to top:
// CofferPrimitives (the only code that imports the C libraries) → CofferFormat → CofferKeys → CofferSharing,
// re-exported by the `Coffer` library; CofferVectors (the audit runner) and the `coffer` CLI sit on top.
import PackageDescription

let package = Package(
    name: "Coffer",
    products: [
        .library(name: "Coffer", targets: ["Coffer"]),
        .executable(name: "coffer", targets: ["CofferCLI"]),
        .executable(name: "coffer-vectorgen", targets: ["CofferVectorGen"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"]), .brew(["libsodium"])]
        ),
        .systemLibrary(
            name: "CArgon2",
            pkgConfig: "libargon2",
            providers: [.apt(["libargon2-dev"]), .brew(["argon2"])]
        ),
        .target(name: "CofferPrimitives", dependencies: ["CSodium", "CArgon2"]),
        .target(name: "CofferFormat", dependencies: ["CofferPrimitives"]),
        .target(name: "CofferKeys", dependencies: ["CofferPrimitives", "CofferFormat"]),
        .target(name: "CofferSharing", dependencies: ["CofferPrimitives", "CofferFormat", "CofferKeys"]),
        .target(name: "Coffer", dependencies: ["CofferPrimitives", "CofferFormat", "CofferKeys", "CofferSharing"]),
        .target(name: "CofferVectors", dependencies: ["Coffer"]),
        .executableTarget(
            name: "CofferCLI",
            dependencies: ["Coffer", "CofferVectors", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "CofferVectorGen", dependencies: ["Coffer", "CofferVectors"]),
        .executableTarget(name: "CofferBench", dependencies: ["Coffer"]),
        .testTarget(name: "CofferPrimitivesTests", dependencies: ["CofferPrimitives", "CofferVectors"]),
        .testTarget(name: "CofferFormatTests", dependencies: ["CofferFormat", "CofferVectors"]),
        .testTarget(name: "CofferKeysTests", dependencies: ["CofferKeys", "CofferVectors"]),
        .testTarget(name: "CofferSharingTests", dependencies: ["CofferSharing", "CofferVectors"]),
        .testTarget(name: "CofferCLITests", dependencies: ["CofferVectors"]),
    ],
    swiftLanguageModes: [.v6]
)
