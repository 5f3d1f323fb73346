// SPDX-License-Identifier: MIT
pragma solidity 0.8.22;

import { ILayerZeroExecutor } from "@layerzerolabs/lz-evm-messagelib-v2/contracts/interfaces/ILayerZeroExecutor.sol";
import { ILayerZeroDVN } from "@layerzerolabs/lz-evm-messagelib-v2/contracts/uln/interfaces/ILayerZeroDVN.sol";

/// @title DevWorker
/// @notice A zero-fee send-side worker for a devnet: SendUln302 asks it for fees and assigns it jobs
/// as a DVN and as the executor. The jobs themselves are done off chain by the relayer, which
/// reads `PacketSent` (the receive-side DVNs are keys that call `ReceiveUln302.verify`).
contract DevWorker is ILayerZeroExecutor, ILayerZeroDVN {
    event JobAssigned(uint32 dstEid, address sender);

    function assignJob(uint32 _dstEid, address _sender, uint256, bytes calldata) external returns (uint256) {
        emit JobAssigned(_dstEid, _sender);
        return 0;
    }

    function getFee(uint32, address, uint256, bytes calldata) external pure returns (uint256) {
        return 0;
    }

    function assignJob(AssignJobParam calldata _param, bytes calldata) external payable returns (uint256) {
        emit JobAssigned(_param.dstEid, _param.sender);
        return 0;
    }

    function getFee(uint32, uint64, address, bytes calldata) external pure returns (uint256) {
        return 0;
    }
}
