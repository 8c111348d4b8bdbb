// SPDX-License-Identifier: MIT
// The `Coffer` library: one import for every layer. See Coffer.docc for the security model.
@_exported import CofferAge
@_exported import CofferKeys
@_exported import CofferPrimitives
@_exported import CofferSharing
