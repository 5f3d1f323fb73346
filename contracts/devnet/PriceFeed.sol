// SPDX-License-Identifier: MIT
pragma solidity 0.8.22;

/// @title PriceFeed
/// @notice A Chainlink-compatible feed (`AggregatorV3Interface`) for a devnet: the pusher posts
/// answers, each clamped to [minAnswer, maxAnswer] as Chainlink's OCR aggregators do, with
/// `updatedAt` the block time of the post. `heartbeat` and `deviationThresholdBps` are the feed's
/// published update rules (the off-chain pusher follows them; a monitor checks staleness against
/// this feed's own heartbeat). `updateRoundData` lets the pusher post an answer with an explicit
/// `updatedAt` (a stale or delayed round without moving the chain's clock).
contract PriceFeed {
    struct Round {
        int256 answer;
        uint256 updatedAt;
    }

    uint8 public immutable decimals;
    int192 public immutable minAnswer;
    int192 public immutable maxAnswer;
    uint256 public immutable heartbeat;
    uint256 public immutable deviationThresholdBps;
    address public pusher;
    string public description;
    uint80 public latestRound;
    mapping(uint80 => Round) private rounds;

    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);
    event NewRound(uint256 indexed roundId, address indexed startedBy, uint256 startedAt);

    error NotPusher();
    error NoData();
    error FutureUpdate(uint256 updatedAt, uint256 blockTime);

    constructor(
        uint8 decimals_,
        int192 minAnswer_,
        int192 maxAnswer_,
        address pusher_,
        string memory description_,
        uint256 heartbeat_,
        uint256 deviationThresholdBps_
    ) {
        decimals = decimals_;
        minAnswer = minAnswer_;
        maxAnswer = maxAnswer_;
        pusher = pusher_;
        description = description_;
        heartbeat = heartbeat_;
        deviationThresholdBps = deviationThresholdBps_;
    }

    function version() external pure returns (uint256) {
        return 4;
    }

    function updateAnswer(int256 answer) external {
        _post(answer, block.timestamp);
    }

    /// @notice Posts `answer` as of `updatedAt` (not later than the block time).
    function updateRoundData(int256 answer, uint256 updatedAt) external {
        if (updatedAt > block.timestamp) revert FutureUpdate(updatedAt, block.timestamp);
        _post(answer, updatedAt);
    }

    function _post(int256 answer, uint256 updatedAt) internal {
        if (msg.sender != pusher) revert NotPusher();
        if (answer < minAnswer) answer = minAnswer;
        if (answer > maxAnswer) answer = maxAnswer;
        latestRound += 1;
        rounds[latestRound] = Round(answer, updatedAt);
        emit NewRound(latestRound, msg.sender, updatedAt);
        emit AnswerUpdated(answer, latestRound, updatedAt);
    }

    function getRoundData(uint80 roundId)
        public
        view
        returns (uint80, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        Round memory r = rounds[roundId];
        if (r.updatedAt == 0) revert NoData();
        return (roundId, r.answer, r.updatedAt, r.updatedAt, roundId);
    }

    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
        return getRoundData(latestRound);
    }

    function latestAnswer() external view returns (int256) {
        return rounds[latestRound].answer;
    }

    function latestTimestamp() external view returns (uint256) {
        return rounds[latestRound].updatedAt;
    }
}
