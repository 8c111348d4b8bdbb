// swift-tools-version: 6.1
// SPDX-License-Identifier: MIT
// A client of the `Coffer` library, built against this checkout by path (`./dev examples`). It uses only what an
// application should use, so it is also the first list of the public API a client needs (issue 16).
import PackageDescription

let package = Package(
    name: "CofferExamples",
    dependencies: [.package(name: "Coffer", path: "..")],
    targets: [
        .executableTarget(
            name: "ClientExample",
            dependencies: [.product(name: "Coffer", package: "Coffer")]
        )
    ],
    swiftLanguageModes: [.v6]
)
