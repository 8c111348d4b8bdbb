// SPDX-License-Identifier: MIT
// coffer-vectorgen --output DIR: writes every file of TestVectors/generated/ from the published seed.
import CofferVectors
import Foundation

let arguments = CommandLine.arguments.dropFirst()
guard arguments.count == 2, arguments.first == "--output", let directory = arguments.last else {
    FileHandle.standardError.write(Data("usage: coffer-vectorgen --output DIR\n".utf8))
    exit(2)
}
do {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    for generator in GeneratorRegistry.generators {
        let path = (directory as NSString).appendingPathComponent(generator.fileName)
        try generator.generate().write(to: URL(fileURLWithPath: path), options: .atomic)
        FileHandle.standardError.write(Data("coffer-vectorgen: wrote \(path)\n".utf8))
    }
} catch {
    FileHandle.standardError.write(Data("coffer-vectorgen: \(error)\n".utf8))
    exit(1)
}
