// SPDX-License-Identifier: MIT

/// What a client presents to a storage service to log in. The boundary that a future OPAQUE (RFC 9807) login
/// replaces: callers ask an unlocked account for its `LoginCredential` and never touch the password.
package protocol LoginCredential: Sendable {
    /// The account the credential logs in to.
    var accountID: AccountID { get }
    /// A short name of the login method, e.g. "password-derived-v1" or, later, "opaque-v1".
    var method: String { get }
}

/// The interim login: the authentication secret derived from the password (`coffer/v1/auth-secret`).
/// It is independent of the password key, so a service that stores it cannot open the master key, but it is
/// still a password-equivalent for offline guessing at Argon2id cost; OPAQUE removes that.
package struct PasswordDerivedLogin: LoginCredential {
    package let accountID: AccountID
    package let authenticationSecret: AuthenticationSecret
    package var method: String { "password-derived-v1" }

    package init(accountID: AccountID, authenticationSecret: AuthenticationSecret) {
        self.accountID = accountID
        self.authenticationSecret = authenticationSecret
    }
}
