// SPDX-License-Identifier: MIT
pragma solidity 0.8.22;

/// @title Messages
/// @notice The messages between the home vault and the debt chain's position manager:
/// `abi.encode(kind, id, account, to, amount)`. `id` is the sender's own sequence number, which
/// the reference receiver uses to refuse a message it has already executed.
library Messages {
    uint8 internal constant LOCK = 1; // vault -> manager: credit `amount` to `account`
    uint8 internal constant RELEASE = 2; // manager -> vault: pay `amount` of `account` to `to`
    uint8 internal constant SEIZE = 3; // manager -> vault: pay `amount` of `account` to the liquidator `to`
    uint8 internal constant WITHDRAWN = 4; // naive vault -> manager: `amount` already paid out at home

    function encode(uint8 kind, uint64 id, address account, address to, uint256 amount)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encode(kind, id, account, to, amount);
    }

    function decode(bytes calldata message)
        internal
        pure
        returns (uint8 kind, uint64 id, address account, address to, uint256 amount)
    {
        return abi.decode(message, (uint8, uint64, address, address, uint256));
    }
}
