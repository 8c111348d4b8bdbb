// SPDX-License-Identifier: MIT
// The libFuzzer entry every target shares. Built only with COFFER_FUZZ=1 (Package.swift); see FUZZING.md.

// swift-format-ignore: AlwaysUseLowerCamelCase
// libFuzzer's C name.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The target's per-input function; set once, before the driver starts calling it.
nonisolated(unsafe) private var fuzzOne: (([UInt8]) -> Void)?

/// Hands the command line to libFuzzer's driver, which calls `body` with each input. A target's `main` (SwiftPM
/// links an executable's `main` to `<TargetName>_main`) is one call to this.
public func runFuzzer(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ body: @escaping ([UInt8]) -> Void
) -> CInt {
    fuzzOne = body
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
        fuzzOne?(Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }
}
