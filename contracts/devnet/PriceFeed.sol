// SPDX-License-Identifier: MIT
pragma solidity 0.8.22;

/// @title PriceFeed
/// @notice A Chainlink-compatible feed (`AggregatorV3Interface`) for a devnet: the pusher posts
/// answers, each clamped to [minAnswer, maxAnswer] as Chainlink's OCR aggregators do, with
/// `updatedAt` the block time of the post.
contract PriceFeed {
    struct Round {
        int256 answer;
        uint256 updatedAt;
    }

    uint8 public immutable decimals;
    int192 public immutable minAnswer;
    int192 public immutable maxAnswer;
    address public pusher;
    string public description;
    uint80 public latestRound;
    mapping(uint80 => Round) private rounds;

    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);

    error NotPusher();
    error NoData();

    constructor(uint8 decimals_, int192 minAnswer_, int192 maxAnswer_, address pusher_, string memory description_) {
        decimals = decimals_;
        minAnswer = minAnswer_;
        maxAnswer = maxAnswer_;
        pusher = pusher_;
        description = description_;
    }

    function version() external pure returns (uint256) {
        return 4;
    }

    function updateAnswer(int256 answer) external {
        if (msg.sender != pusher) revert NotPusher();
        if (answer < minAnswer) answer = minAnswer;
        if (answer > maxAnswer) answer = maxAnswer;
        latestRound += 1;
        rounds[latestRound] = Round(answer, block.timestamp);
        emit AnswerUpdated(answer, latestRound, block.timestamp);
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
}
