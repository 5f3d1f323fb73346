// SPDX-License-Identifier: MIT
pragma solidity 0.8.22;

import { Ownable } from "@openzeppelin/contracts/access/Ownable.sol";
import { OFT } from "@layerzerolabs/oft-evm/contracts/OFT.sol";
import { OFTAdapter } from "@layerzerolabs/oft-evm/contracts/OFTAdapter.sol";

/// @title RouteOFTAdapter
/// @notice The home side of a synthetic (lock-and-mint) route: LayerZero's own `OFTAdapter`
/// from the oft-evm package, unchanged. `send` locks the token here and the peer mints; a
/// message from the peer releases locked tokens. The invariant a monitor checks is
/// `token.balanceOf(adapter) >= remote OFT totalSupply` (the KelpDAO breach broke it).
contract RouteOFTAdapter is OFTAdapter {
    constructor(address token_, address endpoint_, address owner_)
        OFTAdapter(token_, endpoint_, owner_)
        Ownable(owner_)
    {}
}

/// @title RouteOFT
/// @notice The debt-chain side of the synthetic route: LayerZero's own `OFT`, unchanged. It mints
/// on a message from the adapter and burns on `send` back.
contract RouteOFT is OFT {
    constructor(string memory name_, string memory symbol_, address endpoint_, address owner_)
        OFT(name_, symbol_, endpoint_, owner_)
        Ownable(owner_)
    {}
}
