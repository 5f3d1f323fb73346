// SPDX-License-Identifier: MIT
pragma solidity 0.8.22;

/// @title SequencerUptimeFeed
/// @notice An L2 sequencer uptime feed as Chainlink publishes them (`AggregatorV3Interface`):
/// `answer` 0 = the sequencer is up, 1 = down; `startedAt` is when the status last changed (a
/// consumer waits a grace period after `startedAt` once it is up again, as Aave's
/// PriceOracleSentinel does). Aave's `ISequencerOracle` reads the same `latestRoundData`.
contract SequencerUptimeFeed {
    address public owner;
    uint80 public latestRound;
    int256 private answer_;
    uint256 private startedAt_;
    uint256 private updatedAt_;

    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);

    error NotOwner();

    constructor(address owner_) {
        owner = owner_;
        latestRound = 1;
        startedAt_ = block.timestamp;
        updatedAt_ = block.timestamp;
        emit AnswerUpdated(0, 1, block.timestamp);
    }

    function decimals() external pure returns (uint8) {
        return 0;
    }

    function description() external pure returns (string memory) {
        return "L2 Sequencer Uptime Status Feed";
    }

    function version() external pure returns (uint256) {
        return 1;
    }

    /// @notice Reports the sequencer down (true) or up (false); a change starts a new round.
    function setStatus(bool down) external {
        if (msg.sender != owner) revert NotOwner();
        int256 next = down ? int256(1) : int256(0);
        if (next != answer_) {
            latestRound += 1;
            answer_ = next;
            startedAt_ = block.timestamp;
        }
        updatedAt_ = block.timestamp;
        emit AnswerUpdated(next, latestRound, block.timestamp);
    }

    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
        return (latestRound, answer_, startedAt_, updatedAt_, latestRound);
    }
}
