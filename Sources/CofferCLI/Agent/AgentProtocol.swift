// SPDX-License-Identifier: MIT
// The agent's message protocol (Spec/agent.md §3): one request and one response per connection, each a frame
// `length (u32, big-endian) ‖ version (0x01) ‖ type ‖ body`, `length` counting the bytes after it, at most 1024.

/// A request's or a response's type byte.
enum AgentMessageType: UInt8 {
    case status = 0x01
    case add = 0x02
    case get = 0x03
    case stop = 0x04
    case ok = 0x80
    case error = 0x81
}

/// The error codes an agent answers with (type 0x81, one byte of body).
enum AgentRefusal: UInt8, Error, CustomStringConvertible {
    case unsupportedVersion = 1
    case malformed = 2
    case unknownType = 3
    case notHeld = 4
    case otherUser = 5
    case full = 6
    case outOfMemory = 7

    var description: String {
        switch self {
        case .unsupportedVersion: "the agent speaks another protocol version"
        case .malformed: "the agent could not parse the request"
        case .unknownType: "the agent does not know this request"
        case .notHeld: "the agent does not hold this account"
        case .otherUser: "the agent refuses connections from another user"
        case .full: "the agent holds the most accounts it can (16)"
        case .outOfMemory: "the agent could not lock memory for the key"
        }
    }
}

/// What can go wrong talking to an agent, on the client side.
enum AgentError: Error {
    /// No agent listens at the socket (no file, or a stale one).
    case notRunning
    /// The agent answered with an error code.
    case refused(AgentRefusal)
    /// The listener is not this uid's process (`SO_PEERCRED`): nothing secret is sent to it.
    case foreignListener(uid: UInt32)
    /// A response that breaks the protocol (wrong version, length, type or size).
    case protocolViolation(String)
    /// A system call failed.
    case system(String)
}

/// One frame, parsed.
struct AgentMessage {
    static let version: UInt8 = 1
    /// The largest `length` either side accepts; longer frames are refused before anything is read into memory.
    static let maximumLength = 1024

    let type: AgentMessageType
    var body: [UInt8]

    /// `length ‖ version ‖ type ‖ body`.
    func encoded() -> [UInt8] {
        let length = UInt32(2 + body.count)
        return [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
            + [Self.version, type.rawValue] + body
    }

    /// The `length` field of a frame header, checked against `maximumLength` and the two fixed bytes.
    static func length(of header: [UInt8]) throws(AgentRefusal) -> Int {
        guard header.count == 4 else { throw .malformed }
        let length = header.reduce(0) { $0 << 8 | Int($1) }
        guard length >= 2, length <= maximumLength else { throw .malformed }
        return length
    }

    /// Parses what follows the length: version first (a reader that sees another version stops there), then type.
    init(payload: [UInt8]) throws(AgentRefusal) {
        guard let version = payload.first else { throw .malformed }
        guard version == Self.version else { throw .unsupportedVersion }
        guard payload.count >= 2 else { throw .malformed }
        guard let type = AgentMessageType(rawValue: payload[1]) else { throw .unknownType }
        self.type = type
        self.body = Array(payload[2...])
    }

    init(_ type: AgentMessageType, body: [UInt8] = []) {
        self.type = type
        self.body = body
    }
}
