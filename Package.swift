// swift-tools-version: 6.1
// Coffer — zero-knowledge sharing and key management. Layers, bottom to top:
// CofferPrimitives (the only code that imports the C libraries) → CofferAge → CofferKeys → CofferSharing,
// re-exported by the `Coffer` library; CofferVectors (the audit runner) and the `coffer` CLI sit on top.
// CofferServer (`coffer serve`, on Hummingbird with SQLite or PostgreSQL) and CofferRemote (the HTTP client store)
// sit beside the CLI: the `Coffer` library never depends on NIO, Hummingbird or a database driver (Spec/server.md §1).
import Foundation
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
        // ML-KEM-768 / X-Wing and HPKE for the post-quantum age recipient; only CofferPrimitives imports it.
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "4.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/vapor/sqlite-nio", from: "1.13.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
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
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]
        ),
        // X-Wing encapsulation from a given seed (BoringSSL's, inside swift-crypto): the vector generator only.
        .target(name: "CXWing", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "CofferPrimitives",
            dependencies: [
                "CSodium", "CArgon2", "COpenSSL", "CXWing", .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(name: "CofferAge", dependencies: ["CofferPrimitives"]),
        .target(name: "CofferKeys", dependencies: ["CofferPrimitives", "CofferAge"]),
        .target(name: "CofferSharing", dependencies: ["CofferPrimitives", "CofferAge", "CofferKeys"]),
        .target(name: "Coffer", dependencies: ["CofferPrimitives", "CofferAge", "CofferKeys", "CofferSharing"]),
        .target(name: "CofferVectors", dependencies: ["Coffer"]),
        .target(
            name: "CofferServer",
            dependencies: [
                "CofferPrimitives", "CofferKeys", "CofferSharing", "CofferRemote",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(name: "CofferRemote", dependencies: ["CofferKeys", "CofferSharing"]),
        .executableTarget(
            name: "CofferCLI",
            dependencies: [
                "Coffer", "CofferVectors", "CofferServer", "CofferRemote",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "CofferVectorGen", dependencies: ["Coffer", "CofferVectors"]),
        .executableTarget(name: "CofferBench", dependencies: ["Coffer"]),
        .testTarget(name: "CofferPrimitivesTests", dependencies: ["CofferPrimitives", "CofferVectors"]),
        .testTarget(name: "CofferAgeTests", dependencies: ["CofferAge", "CofferVectors"]),
        .testTarget(name: "CofferKeysTests", dependencies: ["CofferKeys", "CofferVectors"]),
        .testTarget(
            name: "CofferSharingTests",
            dependencies: [
                "CofferSharing", "CofferVectors", "CofferServer", "CofferRemote",
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .testTarget(name: "CofferCLITests", dependencies: ["CofferVectors", "CofferRemote"]),
        .testTarget(
            name: "CofferServerTests",
            dependencies: [
                "CofferServer", "CofferRemote", "CofferSharing", "CofferVectors",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// Fuzzing (issue 7, see FUZZING.md and `./dev fuzz`): only with COFFER_FUZZ=1, so normal builds never see these flags.
// The libraries get coverage instrumentation; each Tests/Fuzz/<Name> is a libFuzzer executable. COFFER_FUZZER_LIB is
// the toolchain's libclang_rt.fuzzer_no_main archive, found by ./dev.
if ProcessInfo.processInfo.environment["COFFER_FUZZ"] == "1" {
    let fuzzerLibrary = ProcessInfo.processInfo.environment["COFFER_FUZZER_LIB"] ?? "libclang_rt.fuzzer_no_main.a"
    for target in package.targets
    where target.type == .regular && !["CofferServer", "CofferRemote"].contains(target.name) {
        target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags(["-sanitize=fuzzer,address"])]
    }
    let fuzzTargets = [
        "FuzzAgeHeader", "FuzzArmor", "FuzzRecipientStrings", "FuzzStanzaBodies", "FuzzBase64", "FuzzStream",
        "FuzzVectorFiles", "FuzzAccountRecords", "FuzzVaultRecords", "FuzzLinks",
    ]
    package.targets.append(
        .target(
            name: "FuzzDriver", path: "Tests/Fuzz/FuzzDriver",
            swiftSettings: [.unsafeFlags(["-sanitize=fuzzer,address"])]
        ))
    for name in fuzzTargets {
        package.targets.append(
            .executableTarget(
                name: name, dependencies: ["Coffer", "CofferVectors", "FuzzDriver"], path: "Tests/Fuzz/\(name)",
                swiftSettings: [.unsafeFlags(["-parse-as-library", "-sanitize=fuzzer,address"])],
                linkerSettings: [.unsafeFlags(["-sanitize=address", "-Xlinker", fuzzerLibrary, "-lstdc++"])]
            ))
    }
}
